"""Demo data for the bootcamp's three competitions, in their exact file layouts and as Podium bundles.

    python -m baselines.demo_data --out DIR --seed 0 [--size small|full] [--only cv nlp ir]

writes ``DIR/document-type-classification``, ``DIR/dialogue-summarization`` and ``DIR/science-retrieval``. Each
folder loads with ``manage.py load_competition`` and holds the bootcamp's files under ``data/``. The same seed
and size give the same bytes (on machines with the same fonts, for the CV images).
"""

from collections.abc import Callable
from pathlib import Path

from . import cv, ir, nlp
from .common import SIZES, write_atomically

GENERATORS: dict[str, tuple[str, Callable[..., None]]] = {
    "cv": (cv.SLUG, cv.generate),
    "nlp": (nlp.SLUG, nlp.generate),
    "ir": (ir.SLUG, ir.generate),
}
SLUGS = {kind: slug for kind, (slug, _) in GENERATORS.items()}

__all__ = ["GENERATORS", "SIZES", "SLUGS", "generate", "generate_all"]


def generate(kind: str, *, out: Path, seed: int, size: str = "small") -> Path:
    """Writes one competition's folder, ``out/<slug>``, replacing an older one only once the new one is complete."""
    if size not in SIZES:
        raise ValueError(f"Unknown size {size!r}; choose one of {', '.join(SIZES)}.")
    slug, build = GENERATORS[kind]
    return write_atomically(Path(out) / slug, lambda root: build(root, seed=seed, size=size))


def generate_all(*, out: Path, seed: int, size: str = "small", kinds=tuple(GENERATORS)) -> dict[str, Path]:
    return {kind: generate(kind, out=out, seed=seed, size=size) for kind in kinds}

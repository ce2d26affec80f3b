"""The three demo competitions, generated once per test session (small size, seed 0)."""

from pathlib import Path

import pytest

from baselines.demo_data import SLUGS, generate_all

from .helpers import SEED


@pytest.fixture(scope="session")
def demo_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("demo")
    generate_all(out=root, seed=SEED, size="small")
    return root


@pytest.fixture(scope="session")
def bundles(demo_root) -> dict[str, Path]:
    return {kind: demo_root / slug for kind, slug in SLUGS.items()}


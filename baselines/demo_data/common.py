"""What the three demo data generators share: random streams, file writers and the bundle's pages.

Every generator writes one folder that is both the bootcamp's file layout (under ``data/``, read unchanged by the
baselines) and a Podium competition bundle (``competition.yaml``, the markdown pages and the hidden solution
outside ``data/``). Output depends only on the seed, the size and the machine's fonts (CV), never on the clock.
"""

import csv
import json
import shutil
import tempfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import yaml

SIZES = ("small", "full")


def rng_for(*, seed: int, name: str) -> np.random.Generator:
    """An independent stream per generator (and per part of one), so adding a draw in one leaves the others alone."""
    return np.random.default_rng([seed, zlib.crc32(name.encode())])


def hex_ids(rng: np.random.Generator, count: int, *, chars: int) -> list[str]:
    """``count`` distinct lowercase hex ids of ``chars`` characters."""
    ids: list[str] = []
    seen: set[str] = set()
    while len(ids) < count:
        value = rng.bytes((chars + 1) // 2).hex()[:chars]
        if value not in seen:
            seen.add(value)
            ids.append(value)
    return ids


def uuid_ids(rng: np.random.Generator, count: int) -> list[str]:
    """``count`` distinct version-4 UUID strings drawn from ``rng``."""
    ids = []
    for value in hex_ids(rng, count, chars=32):
        value = value[:12] + "4" + value[13:16] + "89ab"[int(value[16], 16) % 4] + value[17:]
        ids.append(f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}")
    return ids


def public_usage(rng: np.random.Generator, count: int) -> list[str]:
    """Exactly half the rows (rounded down) ``Public``, chosen at random, the rest ``Private``."""
    usage = np.array(["Private"] * count, dtype=object)
    usage[rng.permutation(count)[: count // 2]] = "Public"
    return usage.tolist()


def write_csv(path: Path, header: list[str], rows: Iterable[Iterable[Any]]) -> None:
    """CSV as pandas' ``to_csv`` writes it: ``\\n`` line ends, quotes only where needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_jsonl(path: Path, records: Iterable[dict]) -> None:
    """One JSON object per line, Korean kept as UTF-8 (``ensure_ascii=False``), as the bootcamp files are."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


@dataclass(frozen=True)
class BundleSpec:
    """The competition.yaml of a generated bundle and its three pages."""

    slug: str
    title: str
    subtitle: str
    metric: str
    metric_params: dict
    daily_submissions: int
    solution: str
    overview: str
    rules: str
    data: str
    final_selections: int = 2
    max_team_size: int = 5
    extra: dict = field(default_factory=dict)

    def config(self) -> dict:
        return {
            "slug": self.slug, "title": self.title, "subtitle": self.subtitle,
            "metric": self.metric, "metric_params": self.metric_params,
            "timeline": {"start": "-14 days", "entry_deadline": "+53 days", "team_merger_deadline": "+53 days",
                         "end": "+60 days"},
            "limits": {"daily_submissions": self.daily_submissions, "max_team_size": self.max_team_size,
                       "final_selections": self.final_selections},
            "late_submissions": True,
            "pages": {"overview": "overview.md", "rules": "rules.md", "data": "data.md"},
            "data": "data", "sample_submission": "sample_submission.csv", "solution": self.solution,
            "hosts": ["host"], **self.extra,
        }


def write_bundle_pages(root: Path, spec: BundleSpec) -> None:
    text = yaml.safe_dump(spec.config(), sort_keys=False, allow_unicode=True, width=120)
    (root / "competition.yaml").write_text(text, encoding="utf-8")
    for name, body in (("overview.md", spec.overview), ("rules.md", spec.rules), ("data.md", spec.data)):
        (root / name).write_text(body.strip() + "\n", encoding="utf-8")


# The bootcamp wrote its competition pages in Korean; so do the three demos (the playground stays English).
SIZE_NAMES = {"small": "작은 크기", "full": "전체 크기"}


def rules_text(*, daily: int, finals: int, source: str) -> str:
    return f"""
1. **1인 1계정입니다.** 팀 병합 마감 전까지 최대 5명이 한 팀을 이룰 수 있습니다.
2. **팀당 하루 {daily}회까지 제출**할 수 있습니다(09:00 KST(00:00 UTC)에 초기화). 최종 제출은 {finals}개까지 선택할 수
   있습니다.
3. 테스트 데이터에 **직접 레이블을 다는 것**과, 테스트 데이터가 들어 있는 외부 데이터를 쓰는 것은 금지합니다.
4. {source}
"""


def write_atomically(target: Path, build: Callable[[Path], None]) -> Path:
    """Builds into a temporary sibling folder and moves it into place, so an interrupted run leaves no half folder."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    staging.chmod(0o755)
    try:
        build(staging)
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target

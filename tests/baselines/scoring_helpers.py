"""Scores a file against a generated bundle's hidden solution with Podium's own engine."""

from pathlib import Path

import yaml

from scoring.engine import score_submission, validate_submission
from scoring.solution import load_solution


def score_against_bundle(bundle: Path, data: bytes, filename: str) -> dict[str, float]:
    """``{"public": ..., "private": ...}``; the parser's refusal (a ``ScoringError``) propagates."""
    config = yaml.safe_load((bundle / "competition.yaml").read_text(encoding="utf-8"))
    keys = {"metric_key": config["metric"], "params": config["metric_params"]}
    solution = load_solution(data=(bundle / config["solution"]).read_bytes(), **keys)
    rows = validate_submission(solution=solution, data=data, filename=filename, **keys)
    assert rows == len(solution.ids)
    results = score_submission(solution=solution, data=data, filename=filename, **keys)
    return {split: result.score for split, result in results.items()}

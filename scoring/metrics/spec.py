from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from scoring.errors import SolutionFormatError
from scoring.parsers import Table
from scoring.parsers.decompress import MAX_BYTES
from scoring.result import MetricResult


def _no_check(**_: Any) -> None:
    return None


@dataclass(frozen=True)
class MetricSpec:
    """A metric and the callables the engine runs it with.

    Attributes:
      key: Registry key, stored on competitions.
      label: Human name.
      greater_is_better: Leaderboard order.
      id_name: The id column or key, as messages name it.
      submission_format: What participants must upload, in words.
      solution_format: What hosts must upload, in words.
      default_params: Every parameter the metric takes, with its default (``max_bytes`` is common to all).
      load_answers: ``(*, text, params) -> Table`` reads a solution; its ``values`` are the prepared answers.
      parse_submission: ``(*, text, params) -> Table`` reads a submission's structure, without a solution.
      score: ``(*, answers, predictions, rows) -> MetricResult`` scores the solution rows ``rows``;
        ``predictions`` are the submission's values in solution order.
      check_submission: ``(*, answers, table) -> None`` runs the row checks that need the solution.
    """

    key: str
    label: str
    greater_is_better: bool
    id_name: str
    submission_format: str
    solution_format: str
    default_params: Mapping[str, Any]
    load_answers: Callable[..., Table]
    parse_submission: Callable[..., Table]
    score: Callable[..., MetricResult]
    check_submission: Callable[..., None] = _no_check

    def resolve_params(self, params: Mapping[str, Any] | None) -> dict[str, Any]:
        """Defaults overlaid with ``params``.

        Raises:
          SolutionFormatError: For a parameter the metric does not take, or a bad ``max_bytes``.
        """
        params = dict(params or {})
        known = {"max_bytes", *self.default_params}
        unknown = sorted(set(params) - known)
        if unknown:
            raise SolutionFormatError("metric.unknown_params", metric=self.key, unknown=", ".join(unknown),
                                      known=", ".join(sorted(known)))
        resolved = {"max_bytes": MAX_BYTES, **self.default_params, **params}
        if type(resolved["max_bytes"]) is not int or resolved["max_bytes"] <= 0:
            raise SolutionFormatError("metric.positive_integer", name="max_bytes")
        return resolved

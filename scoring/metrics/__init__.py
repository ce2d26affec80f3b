"""The metric registry."""

from scoring.metrics import macro_f1, map_at_k, rouge
from scoring.metrics.spec import MetricSpec

METRICS: dict[str, MetricSpec] = {spec.key: spec for spec in (macro_f1.SPEC, rouge.SPEC, map_at_k.SPEC)}

__all__ = ["METRICS", "MetricSpec", "get_metric"]


def get_metric(key: str) -> MetricSpec:
    """The metric registered under ``key``.

    Raises:
      KeyError: For an unknown key; the message lists the known ones.
    """
    try:
        return METRICS[key]
    except KeyError:
        raise KeyError(f"Unknown metric {key!r}; known metrics: {', '.join(sorted(METRICS))}.") from None

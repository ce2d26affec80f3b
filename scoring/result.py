from dataclasses import dataclass, field


@dataclass(frozen=True)
class MetricResult:
    """A split's score, plus its named components (e.g. ``rouge1``) where the metric has them."""

    score: float
    parts: dict[str, float] = field(default_factory=dict)

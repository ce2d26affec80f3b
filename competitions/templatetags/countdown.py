"""The competition header's countdowns, for every tab that extends competitions/_layout.html."""

from django import template

from ..board_charts import competition_countdowns

register = template.Library()


@register.simple_tag
def countdowns(competition) -> dict[str, str]:
    return competition_countdowns(competition=competition)

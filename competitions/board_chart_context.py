"""What the Leaderboard and Submissions tabs add around their tables: the medal zones, the board's top score by
day, the public-vs-final scatter and a team's score history, each chart as SVG with the same numbers as rows for
its table (screen readers read the table; the SVG is a picture of it)."""

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from . import board_charts, charts
from .models import Competition, Team


def leaderboard_charts(*, competition: Competition, split: str, board) -> dict:
    if split == "public":
        zones = board_charts.board_mark_medal_zones(rows=board.rows, ranked_count=board.ranked_count)
        return {"medal_zones": zones if board.ranked_count else None, **_top_scores(competition)}
    if competition.finalized_at:
        return _rank_scatter(competition)
    return {}


def _top_scores(competition: Competition) -> dict:
    tops = [top for top in board_charts.board_top_scores(competition=competition) if top.score is not None]
    if not tops:
        return {}
    line = [(float(i), top.score) for i, top in enumerate(tops)]
    svg = charts.score_time_chart(  # charts.py escapes every text it writes
        title=_("The board's top public score at the end of each day"), dots=[], line=line,
        labels=(f"{tops[0].day:%m-%d}", f"{tops[-1].day:%m-%d}"))
    return {"top_scores_svg": mark_safe(svg), "top_scores": tops}


def _rank_scatter(competition: Competition) -> dict:
    pairs = board_charts.board_rank_pairs(competition=competition)
    if not pairs:
        return {}
    svg = charts.rank_scatter(title=_("Public rank against final private rank, one dot per team"), points=pairs)
    return {"rank_scatter_svg": mark_safe(svg), "rank_pairs": pairs}


def submissions_history(*, competition: Competition, team: Team | None) -> dict:
    if team is None:
        return {}
    history = board_charts.team_score_history(team=team, greater_is_better=competition.metric.greater_is_better)
    if not history:
        return {}
    dots = [charts.Dot(x=p.at.timestamp(), y=p.score, label=f"{p.at:%Y-%m-%d %H:%M} {p.filename}: {p.score:.5f}",
                       css=" ".join(c for c, on in (("selected", p.is_selected), ("late", p.is_late)) if on))
            for p in history]
    line = [(p.at.timestamp(), p.best) for p in history if p.best is not None]
    svg = charts.score_time_chart(title=_("Your team's public scores over time, with the best so far"), dots=dots,
                                  line=line, labels=(f"{history[0].at:%m-%d}", f"{history[-1].at:%m-%d}"))
    return {"history_svg": mark_safe(svg), "history": history}

"""Table cells of the class overview, built in Python.

A class of 32 students × 15 learning lines is nearly 500 progress cells; as a
template loop they cost most of the page's time, built here they cost little.
"""

from django import template
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from leerweg.curriculum.models import LearningLine
from leerweg.insight.progress import LineProgress
from leerweg.profiles.models import InterestArea
from leerweg.profiles.selectors import InterestBadge, TalentBadge

register = template.Library()


@register.simple_tag
def progress_cells(progress: list[LineProgress]) -> SafeString:
    # Only the line names are text; the counts are integers. Each name is
    # escaped once per request (lines are shared by every row).
    cells = []
    for p in progress:
        name = _escaped_name(p.line)
        worked, total = int(p.worked_on), int(p.total)
        cells.append(
            f'<td class="progress-cell"><meter min="0" max="{total}" value="{worked}" '
            f'aria-label="{name}: {worked}/{total}"></meter>'
            f'<span class="progress-count">{worked}/{total}</span></td>'
        )
    return mark_safe("".join(cells))  # noqa: S308 - built from escaped text and integers


def _escaped_name(line: LearningLine) -> str:
    cached = getattr(line, "_escaped_name", None)
    if cached is None:
        cached = str(escape(line.name))
        line._escaped_name = cached  # type: ignore[attr-defined]
    return cached


# Model.get_FOO_display() rebuilds a hashable copy of all choices on every
# call; with a few hundred badges per page that adds up.
_AREA_LABELS = dict(InterestArea.choices)


def _interest_label(interest: InterestBadge) -> str:
    return str(_AREA_LABELS.get(interest.area, interest.tag)) if interest.area else interest.tag


@register.simple_tag
def profile_badges(interests: list[InterestBadge], talents: list[TalentBadge]) -> SafeString:
    if not interests and not talents:
        return mark_safe('<span class="muted">–</span>')
    return format_html(
        "{}{}",
        format_html_join(
            " ", '<span class="badge">{}</span>', ((_interest_label(i),) for i in interests)
        ),
        format_html_join(
            " ", ' <span class="badge badge-talent">★ {}</span>', ((t.title,) for t in talents)
        ),
    )

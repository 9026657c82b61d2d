"""Small server-rendered bar charts for the allocation report (SVG, no script)."""

from collections.abc import Sequence

from django import template

register = template.Library()

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 210
BAR_WIDTH = 300
VALUE_WIDTH = 60


@register.inclusion_tag("flex/run_chart_bars.html")
def bar_chart(
    title: str,
    description: str,
    rows: Sequence[tuple[str, float, str]],
    maximum: float = 1.0,
    paired: bool = False,
) -> dict[str, object]:
    """Horizontal bars: one per (label, value, value as text), scaled to ``maximum``.

    ``paired``: rows come in pairs (this allocation, then the comparison), the
    second of each pair in another colour; the labels say which is which too.

    The chart is an image with a title and a description for screen readers;
    the page shows the same figures in a table.
    """
    top = max([maximum, *(value for _label, value, _text in rows)]) or 1.0
    bars = []
    for index, (label, value, text) in enumerate(rows):
        y = index * (BAR_HEIGHT + GAP)
        bars.append(
            {
                "label": label,
                "text": text,
                "y": y,
                "second": paired and index % 2 == 1,
                "text_y": y + BAR_HEIGHT * 0.7,
                "width": round(max(0.0, value) / top * BAR_WIDTH, 1),
                "value_x": LABEL_WIDTH + round(max(0.0, value) / top * BAR_WIDTH, 1) + 6,
            }
        )
    return {
        "title": title,
        "description": description,
        "bars": bars,
        "label_width": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
        "width": LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH,
        "height": max(1, len(rows)) * (BAR_HEIGHT + GAP),
    }

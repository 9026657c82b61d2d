"""Geometry for the skills bar chart, drawn as inline SVG (no script, CSP-safe)."""

from dataclasses import dataclass

from leerweg.profiles.models import SKILL_SCALE

ROW_HEIGHT = 26
BAR_X = 220
BAR_WIDTH = 112


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | None
    y: int
    width: int


@dataclass(frozen=True)
class SkillsChart:
    bars: list[Bar]
    bar_x: int = BAR_X
    track_width: int = BAR_WIDTH

    @property
    def height(self) -> int:
        return len(self.bars) * ROW_HEIGHT

    @property
    def value_x(self) -> int:
        return BAR_X + BAR_WIDTH + 8

    @property
    def width(self) -> int:
        return self.value_x + 14


def skills_chart(rows: list[dict]) -> SkillsChart:
    """``rows`` as made by ``profile_of``: each with a label and an optional rating."""
    high = SKILL_SCALE[1]
    bars = []
    for index, row in enumerate(rows):
        value = row["rating"].self_rating if row["rating"] else None
        bars.append(
            Bar(
                label=str(row["label"]),
                value=value,
                y=index * ROW_HEIGHT,
                width=round(BAR_WIDTH * (value or 0) / high),
            )
        )
    return SkillsChart(bars=bars)

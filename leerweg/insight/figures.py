"""Small-group suppression for figures shown outside a school.

A count between 1 and ``SMALL_GROUP_THRESHOLD - 1`` could point at one child
("the two students in year 6"), so it is shown as "fewer than 10" instead.
Zero stays zero: it singles nobody out.
"""

from dataclasses import dataclass

SMALL_GROUP_THRESHOLD = 10


@dataclass(frozen=True)
class ShownCount:
    value: int | None  # None when suppressed

    @property
    def suppressed(self) -> bool:
        return self.value is None


def shown_count(count: int, threshold: int = SMALL_GROUP_THRESHOLD) -> ShownCount:
    if 0 < count < threshold:
        return ShownCount(None)
    return ShownCount(count)

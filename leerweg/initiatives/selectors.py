"""Reads for the initiative register. Public selectors return published initiatives only."""

from collections.abc import Iterator
from dataclasses import dataclass
from uuid import UUID

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet

from leerweg.core.public_cache import Version, cached_figures
from leerweg.core.regions import Region
from leerweg.core.search import text_search
from leerweg.initiatives.models import (
    Initiative,
    InitiativeStatus,
    Obstacle,
    ObstacleCategory,
)
from leerweg.schools.models import Sector

EXAMPLES_PER_CATEGORY = 3
# The fields a text search looks in; migration 0002 indexes exactly these, in this order.
SEARCH_FIELDS = ("title", "organisation", "description")


@dataclass(frozen=True)
class RegisterFilter:
    text: str = ""
    sector: str = ""
    region: str = ""
    category: str = ""


def published_initiatives() -> QuerySet[Initiative]:
    return Initiative.objects.filter(status=InitiativeStatus.PUBLISHED)


def initiative_list(filters: RegisterFilter) -> QuerySet[Initiative]:
    """Published initiatives matching ``filters``, newest first, obstacles prefetched."""
    initiatives = published_initiatives()
    if filters.sector:
        initiatives = initiatives.filter(sector=filters.sector)
    if filters.region:
        initiatives = initiatives.filter(region=filters.region)
    if filters.category:
        initiatives = initiatives.filter(
            Exists(Obstacle.objects.filter(initiative=OuterRef("pk"), category=filters.category))
        )
    if filters.text:
        initiatives = text_search(initiatives, filters.text, SEARCH_FIELDS)
    return initiatives.only(
        "public_id", "title", "organisation", "sector", "region", "since", "published_at"
    ).prefetch_related(
        Prefetch("obstacles", queryset=Obstacle.objects.only("initiative_id", "category"))
    )


def published_initiative(public_id: UUID) -> Initiative | None:
    return published_initiatives().prefetch_related("obstacles").filter(public_id=public_id).first()


def register_version() -> Version:
    """When anything ever public last changed, and how many are public.

    The validators of the public pages, and the key of their cached figures.
    The count catches a change a timestamp alone would miss (a deletion, or
    a browser's one-second resolution).
    """
    figures = Initiative.objects.filter(published_at__isnull=False).aggregate(
        latest=Max("updated_at"), published=Count("id", filter=Q(status="published"))
    )
    return figures["latest"], figures["published"]


@dataclass(frozen=True)
class RegionCount:
    code: str
    label: str
    initiatives: int
    obstacles: int
    percent: int  # of the largest region, for the bar


def region_counts(version: Version) -> list[RegionCount]:
    """Every province, also those without initiatives, with counts of initiatives and obstacles.

    Cached for ``version`` (``register_version()``).
    """
    return cached_figures("initiatives:regions", version, _region_counts)


def _region_counts() -> list[RegionCount]:
    initiatives = dict(
        published_initiatives().values_list("region").annotate(n=Count("id")).order_by()
    )
    obstacles = dict(
        Obstacle.objects.filter(initiative__status=InitiativeStatus.PUBLISHED)
        .values_list("initiative__region")
        .annotate(n=Count("id"))
        .order_by()
    )
    largest = max(initiatives.values(), default=0) or 1
    return [
        RegionCount(
            code=code,
            label=str(label),
            initiatives=initiatives.get(code, 0),
            obstacles=obstacles.get(code, 0),
            percent=round(initiatives.get(code, 0) * 100 / largest),
        )
        for code, label in Region.choices
    ]


@dataclass(frozen=True)
class CountRow:
    code: str
    label: str
    cells: list[int]
    total: int


@dataclass(frozen=True)
class ObstacleOverview:
    columns: list[str]  # sector labels
    by_sector: list[CountRow]  # one row per category
    sector_totals: list[int]
    total: int
    region_columns: list[str]  # category labels
    by_region: list[CountRow]  # one row per region
    examples: dict[str, list[Obstacle]]

    @property
    def example_sections(self) -> list[tuple[str, list[Obstacle]]]:
        return [(row.label, self.examples[row.code]) for row in self.by_sector]


def obstacle_overview(
    version: Version, *, examples: int = EXAMPLES_PER_CATEGORY
) -> ObstacleOverview:
    """Counts of published obstacles per category × sector and per region × category.

    Cached for ``version`` (``register_version()``), so only the first visitor
    after a change waits for the counting.
    """
    return cached_figures(
        f"initiatives:obstacles:{examples}", version, lambda: _obstacle_overview(examples)
    )


def _obstacle_overview(examples: int) -> ObstacleOverview:
    """One grouped query counts per category × sector × region in the database.

    Both tables are sums over that query's rows (at most 6 × 3 × 12), whatever
    the number of initiatives; the examples come from ``obstacle_examples``.
    """
    pairs: dict[tuple[str, str], int] = {}
    by_region: dict[tuple[str, str], int] = {}
    counts = (
        Obstacle.objects.filter(initiative__status=InitiativeStatus.PUBLISHED)
        .values_list("category", "initiative__sector", "initiative__region")
        .annotate(n=Count("id"))
        .order_by()
    )
    for category, sector, region, n in counts:
        pairs[category, sector] = pairs.get((category, sector), 0) + n
        by_region[region, category] = by_region.get((region, category), 0) + n
    sectors = Sector.choices
    categories = ObstacleCategory.choices
    rows = []
    for code, label in categories:
        cells = [pairs.get((code, sector), 0) for sector, _label in sectors]
        rows.append(CountRow(code=code, label=str(label), cells=cells, total=sum(cells)))
    region_rows = []
    for region, region_label in Region.choices:
        cells = [by_region.get((region, category), 0) for category, _label in categories]
        region_rows.append(
            CountRow(code=region, label=str(region_label), cells=cells, total=sum(cells))
        )
    return ObstacleOverview(
        columns=[str(label) for _code, label in sectors],
        by_sector=rows,
        sector_totals=[sum(row.cells[i] for row in rows) for i in range(len(sectors))],
        total=sum(row.total for row in rows),
        region_columns=[str(label) for _code, label in categories],
        by_region=region_rows,
        examples=obstacle_examples(per_category=examples),
    )


def obstacle_examples(*, per_category: int) -> dict[str, list[Obstacle]]:
    """The newest ``per_category`` published obstacle descriptions of each category."""
    result: dict[str, list[Obstacle]] = {code: [] for code in ObstacleCategory.values}
    if per_category <= 0:
        return result
    newest = (
        published_obstacles()
        .filter(initiative__published_at__isnull=False)
        .only(
            "category",
            "description",
            "initiative__organisation",
            "initiative__sector",
            "initiative__region",
        )
        .order_by("-initiative__published_at", "-id")
    )
    # Read in slices of the newest rows until every category has its examples;
    # usually the first slice is enough, and a rare category costs a few more.
    wanted = per_category * len(result)
    offset, step = 0, max(wanted * 10, 200)
    while any(len(found) < per_category for found in result.values()):
        chunk = list(newest[offset : offset + step])
        for obstacle in chunk:
            found = result[obstacle.category]
            if len(found) < per_category:
                found.append(obstacle)
        if len(chunk) < step:
            break
        offset += step
    return result


def published_obstacles() -> QuerySet[Obstacle]:
    return Obstacle.objects.filter(initiative__status=InitiativeStatus.PUBLISHED).select_related(
        "initiative"
    )


def obstacles_for_export() -> Iterator[Obstacle]:
    """Every published obstacle with its initiative's public fields, for the CSV export."""
    return (
        published_obstacles()
        .only(
            "category",
            "description",
            "initiative__title",
            "initiative__organisation",
            "initiative__organisation_kind",
            "initiative__sector",
            "initiative__region",
            "initiative__since",
            "initiative__published_at",
            "initiative__public_id",
        )
        .order_by("initiative__region", "category", "initiative_id", "position")
        .iterator(chunk_size=2000)
    )


def moderation_queue() -> QuerySet[Initiative]:
    """Confirmed submissions waiting for a decision, oldest first."""
    return (
        Initiative.objects.filter(status=InitiativeStatus.PENDING)
        .annotate(obstacle_count=Count("obstacles"))
        .order_by("confirmed_at", "id")
    )


def recently_decided(limit: int = 20) -> QuerySet[Initiative]:
    return (
        Initiative.objects.filter(
            status__in=[InitiativeStatus.PUBLISHED, InitiativeStatus.REJECTED]
        )
        .select_related("decided_by")
        .order_by("-decided_at", "-id")[:limit]
    )

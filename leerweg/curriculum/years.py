"""Which years a goal can be written for, per sector.

Primary school counts groups 1-8, secondary school years 1-6 (vwo), and MBO
years 1-4 (the longest programmes).
"""

from django.utils.translation import gettext as _

from leerweg.schools.models import Sector, year_level_label

SECTOR_YEARS: dict[str, range] = {
    Sector.PO: range(1, 9),
    Sector.VO: range(1, 7),
    Sector.MBO: range(1, 5),
}
ALL_YEARS = range(1, 9)


def year_errors(sector: str, year_from: int, year_to: int) -> dict[str, str]:
    """Problems with a goal's years, by field name; empty when they fit."""
    errors: dict[str, str] = {}
    years = SECTOR_YEARS.get(sector)
    if years is not None:
        first, last = years[0], years[-1]
        for field, year in (("year_from", year_from), ("year_to", year_to)):
            if year not in years:
                errors[field] = _("For %(sector)s, give a year from %(first)s to %(last)s.") % {
                    "sector": sector,
                    "first": first,
                    "last": last,
                }
    if not errors and year_from > year_to:
        errors["year_to"] = _("The last year cannot come before the first year.")
    return errors


def year_range_label(sector: str, year_from: int, year_to: int) -> str:
    """ "Group 3-5" in primary school, "Year 1-3" elsewhere; one year when they are equal."""
    if year_from == year_to:
        return year_level_label(sector, year_from)
    if sector == Sector.PO:
        return _("Group %(from)s–%(to)s") % {"from": year_from, "to": year_to}
    return _("Year %(from)s–%(to)s") % {"from": year_from, "to": year_to}

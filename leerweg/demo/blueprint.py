"""What the demo board looks like: schools, groups, subjects and partners.

Plain data, no ORM: the planner turns it into people and the loader into rows.
Choice values (sectors, group kinds, roles) are written as their stored
strings; the loader converts them through the model's choices, so a typo fails
loudly before anything is written.
"""

import uuid
from dataclasses import dataclass
from enum import StrEnum

# One seed for the whole demo: changing it changes every name, so don't.
SEED = 20260801

DEMO_PASSWORD = "leerweg-demo"  # noqa: S105 - a published demo password, on purpose
# Reserved for documentation (RFC 2606): mail to demo users goes nowhere.
EMAIL_DOMAIN = "example.org"

# Fixed public ids make the demo board recognisable on a second run, and keep
# URLs of demo schools and people stable between fresh loads.
DEMO_NAMESPACE = uuid.UUID("6b1f3c2e-5d4a-4e8f-9a7b-2c1d0e9f8a76")
BOARD_NAME = "Stichting Leerkracht Rivierenland"
REGION = "Rivierenland"


def demo_uuid(kind: str, key: str) -> uuid.UUID:
    return uuid.uuid5(DEMO_NAMESPACE, f"{kind}:{key}")


DEMO_BOARD_PUBLIC_ID = demo_uuid("board", BOARD_NAME)


class DemoSize(StrEnum):
    SMALL = "small"  # one student per group: every role and login, loads in a blink
    FULL = "full"  # about 900 students, as a real board would have


@dataclass(frozen=True)
class GroupSpec:
    name: str
    kind: str
    year_level: int
    level: str
    # Typical age on the first day of the school year; a combined group
    # (kleuters 1/2) lists one age per year it spans.
    ages_at_start: tuple[int, ...]
    subjects: tuple[str, ...]


@dataclass(frozen=True)
class SchoolSpec:
    key: str
    name: str
    brin: str
    sector: str
    city: str
    primary_colour: str
    secondary_colour: str
    groups: tuple[GroupSpec, ...]
    class_size: tuple[int, int]  # inclusive range, full size
    teacher_title: str  # username prefix: "leerkracht" in primary, "docent" after
    # One teacher per entry, teaching that subject. Mentors are taken from
    # them, so there must be at least one teacher per group.
    teacher_subjects: tuple[str, ...]
    coaches: int
    school_leaders: int
    school_admins: int
    eck_id_share: float
    # Share of students a year older than their classmates (held back a year,
    # or a detour before MBO).
    older_share: float

    @property
    def public_id(self) -> uuid.UUID:
        return demo_uuid("school", self.brin)


@dataclass(frozen=True)
class PartnerSpec:
    name: str
    kind: str
    town: str
    domain: str
    members: int

    @property
    def public_id(self) -> uuid.UUID:
        return demo_uuid("partner", self.name)


# --- Primary school: kleuters in combined groups 1/2, then groups 3 to 8. ---

WHOLE_CLASS = "Alle vakken"  # the groepsleerkracht teaches everything
PO_SPECIALISTS = ("Bewegingsonderwijs", "Muziek", "Engels")


def _primary_groups() -> tuple[GroupSpec, ...]:
    # A combined kleutergroep is stored with its first year as year_level.
    kleuters = tuple(
        GroupSpec(
            name=f"Groep 1/2{letter}",
            kind="stamgroep",
            year_level=1,
            level="",
            ages_at_start=(4, 5),
            subjects=(WHOLE_CLASS, *PO_SPECIALISTS[:2]),
        )
        for letter in "AB"
    )
    # Group 3 is the year pupils turn 7, so they are 6 on the first day.
    graded = tuple(
        GroupSpec(
            name=f"Groep {year}",
            kind="stamgroep",
            year_level=year,
            level="",
            ages_at_start=(year + 3,),
            # English starts in group 5.
            subjects=(WHOLE_CLASS, *PO_SPECIALISTS[: 3 if year >= 5 else 2]),
        )
        for year in range(3, 9)
    )
    return kleuters + graded


PRIMARY = SchoolSpec(
    key="po",
    name="Basisschool De Regenboog",
    brin="23RG",
    sector="PO",
    city="Geldermalsen",
    primary_colour="#d97706",
    secondary_colour="#0e7490",
    groups=_primary_groups(),
    class_size=(26, 32),
    # One groepsleerkracht per group, then one specialist per subject.
    teacher_title="leerkracht",
    teacher_subjects=(WHOLE_CLASS,) * 8 + PO_SPECIALISTS,
    coaches=2,
    school_leaders=1,
    school_admins=1,
    eck_id_share=0.3,
    older_share=0.03,
)

# --- Secondary school: vmbo (4 years), havo (5), vwo (6). ---

VMBO_SUBJECTS = (
    "Nederlands",
    "Engels",
    "Wiskunde",
    "Biologie",
    "Economie",
    "Lichamelijke opvoeding",
)
HAVO_SUBJECTS = (
    *("Nederlands", "Engels", "Wiskunde", "Geschiedenis", "Aardrijkskunde"),
    *("Biologie", "Economie", "Duits", "Lichamelijke opvoeding"),
)
VWO_SUBJECTS = (
    *("Nederlands", "Engels", "Wiskunde", "Frans", "Duits", "Geschiedenis"),
    *("Natuurkunde", "Scheikunde", "Biologie", "Latijn", "Lichamelijke opvoeding"),
)
SUBJECTS_BY_LEVEL = {"vmbo": VMBO_SUBJECTS, "havo": HAVO_SUBJECTS, "vwo": VWO_SUBJECTS}
LEVEL_LETTER = {"vmbo": "M", "havo": "H", "vwo": "V"}  # M for mavo, vmbo's theory track

# Year 1 is the brugklas, named by letter; later years by level and number.
SECONDARY_CLASSES: tuple[tuple[int, str, str], ...] = (
    (1, "vmbo", "1A"),
    (1, "havo", "1B"),
    (1, "vwo", "1C"),
    *((2, level, "") for level in ("vmbo", "havo", "vwo")),
    *((3, level, "") for level in ("vmbo", "havo", "vwo", "vwo")),
    *((4, level, "") for level in ("vmbo", "havo", "vwo")),
    (5, "havo", ""),
    (5, "vwo", ""),
    (6, "vwo", ""),
)


def _secondary_groups() -> tuple[GroupSpec, ...]:
    groups: list[GroupSpec] = []
    for year, level, name in SECONDARY_CLASSES:
        if not name:
            prefix = f"{year}{LEVEL_LETTER[level]}"
            name = f"{prefix}{sum(g.name.startswith(prefix) for g in groups) + 1}"
        # Brugklassers are 12 on the first day; year 4 is the year they turn 16.
        groups.append(
            GroupSpec(
                name=name,
                kind="klas",
                year_level=year,
                level=level,
                ages_at_start=(year + 11,),
                subjects=SUBJECTS_BY_LEVEL[level],
            )
        )
    return tuple(groups)


SECONDARY = SchoolSpec(
    key="vo",
    name="Het Rivieren College",
    brin="14RC",
    sector="VO",
    city="Tiel",
    primary_colour="#1d4ed8",
    secondary_colour="#0f766e",
    groups=_secondary_groups(),
    class_size=(24, 29),
    teacher_title="docent",
    teacher_subjects=(
        *("Nederlands", "Engels", "Wiskunde", "Geschiedenis", "Biologie", "Economie"),
        *("Aardrijkskunde", "Frans", "Duits", "Natuurkunde", "Scheikunde", "Latijn"),
        "Lichamelijke opvoeding",
    )
    * 2
    + ("Nederlands", "Engels", "Wiskunde"),
    coaches=3,
    school_leaders=2,
    school_admins=2,
    eck_id_share=0.6,
    older_share=0.08,
)

# --- MBO college: care and technology programmes at levels 3 and 4. ---

MBO_GENERAL = ("Nederlands", "Rekenen", "Engels", "Burgerschap")
MBO_PROGRAMMES = {
    "ZORG": ("Zorg en welzijn", "Verpleegtechniek"),
    "TECH": ("Elektrotechniek", "Installatietechniek"),
    "ICT": ("Programmeren", "Netwerkbeheer"),
}
VOCATIONAL_CLASSES: tuple[tuple[str, int, str, str], ...] = (
    ("ZORG", 1, "A", "mbo-3"),
    ("ZORG", 1, "B", "mbo-4"),
    ("ZORG", 2, "A", "mbo-3"),
    ("ZORG", 2, "B", "mbo-4"),
    ("ZORG", 3, "A", "mbo-4"),
    ("TECH", 1, "A", "mbo-3"),
    ("TECH", 2, "A", "mbo-3"),
    ("TECH", 3, "A", "mbo-4"),
    ("ICT", 1, "A", "mbo-4"),
    ("ICT", 2, "A", "mbo-4"),
)


def _vocational_groups() -> tuple[GroupSpec, ...]:
    # Students start MBO at 16, after four years of vmbo.
    return tuple(
        GroupSpec(
            name=f"{programme}-{year}{letter}",
            kind="klas",
            year_level=year,
            level=level,
            ages_at_start=(year + 15,),
            subjects=MBO_PROGRAMMES[programme] + MBO_GENERAL,
        )
        for programme, year, letter, level in VOCATIONAL_CLASSES
    )


VOCATIONAL = SchoolSpec(
    key="mbo",
    name="Techniek- en Zorgcollege Rivierenland",
    brin="25TZ",
    sector="MBO",
    city="Culemborg",
    primary_colour="#7c3aed",
    secondary_colour="#059669",
    groups=_vocational_groups(),
    class_size=(20, 27),
    teacher_title="docent",
    teacher_subjects=(
        *(subject for pair in MBO_PROGRAMMES.values() for subject in pair),
        *MBO_GENERAL,
        *(subject for pair in MBO_PROGRAMMES.values() for subject in pair),
        *MBO_GENERAL[:3],
    ),
    coaches=2,
    school_leaders=2,
    school_admins=1,
    eck_id_share=0.5,
    older_share=0.25,
)

SCHOOLS = (PRIMARY, SECONDARY, VOCATIONAL)

PARTNERS = (
    PartnerSpec("VV Rivierenland", "sport", "Tiel", "vv-rivierenland.example", 2),
    PartnerSpec("Muziekschool De Klankkast", "music", "Culemborg", "klankkast.example", 1),
    PartnerSpec(
        "Bibliotheek Rivierenland", "library", "Tiel", "bibliotheekrivierenland.example", 2
    ),
    PartnerSpec("Scouting Geldermalsen", "youth_work", "Geldermalsen", "scouting-gm.example", 1),
    PartnerSpec("Theater De Schakel", "culture", "Culemborg", "theaterdeschakel.example", 1),
)

# --- Where the fixed demo logins sit. ---

DEMO_CLASS = "5H1"  # havo 5: the demo student is 16 or 17 all year round
DEMO_TEACHER_SUBJECT = "Wiskunde"
TEACHER_GUARDIAN_SUBJECT = "Geschiedenis"
YOUNG_STUDENT_GROUP = "Groep 5"
SIBLING_CLASS = "2H1"  # the younger demo student's brother or sister
TEACHER_CHILD_GROUP = "Groep 3"


def class_size(school: SchoolSpec, size: DemoSize) -> tuple[int, int]:
    return school.class_size if size is DemoSize.FULL else (1, 1)

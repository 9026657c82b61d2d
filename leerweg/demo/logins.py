"""The fixed demo logins, one per role, and the table the command prints."""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from leerweg.demo.blueprint import (
    BOARD_NAME,
    DEMO_CLASS,
    DEMO_PASSWORD,
    PARTNERS,
    PRIMARY,
    SECONDARY,
    YOUNG_STUDENT_GROUP,
)


class DemoUsername(StrEnum):
    STUDENT = "demo.leerling"
    YOUNG_STUDENT = "demo.leerling.po"
    GUARDIAN = "demo.ouder"
    MENTOR = "demo.mentor"
    TEACHER = "demo.docent"
    COACH = "demo.coach"
    SCHOOL_LEADER = "demo.schoolleider"
    SCHOOL_ADMIN = "demo.beheerder"
    TEACHER_GUARDIAN = "demo.docent-ouder"
    BOARD = "demo.bestuur"
    MUNICIPALITY = "demo.gemeente"
    PARTNER = "demo.partner"


@dataclass(frozen=True)
class DemoLogin:
    username: DemoUsername
    role: str  # Dutch first, as the app shows it
    sees: str


DEMO_LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin(
        DemoUsername.STUDENT,
        "Leerling 16+ / student 16+",
        f"own profile in {DEMO_CLASS}, {SECONDARY.name}; decides own consent",
    ),
    DemoLogin(
        DemoUsername.YOUNG_STUDENT,
        "Leerling PO / young student",
        f"own profile in {YOUNG_STUDENT_GROUP}, {PRIMARY.name}; parents decide consent",
    ),
    DemoLogin(
        DemoUsername.GUARDIAN,
        "Ouder / guardian",
        f"two children: {YOUNG_STUDENT_GROUP} ({PRIMARY.name}) and a secondary student",
    ),
    DemoLogin(
        DemoUsername.MENTOR,
        "Mentor",
        f"students of mentor class {DEMO_CLASS} and of the classes they teach",
    ),
    DemoLogin(
        DemoUsername.TEACHER,
        "Docent / teacher",
        f"students of the classes they teach (incl. {DEMO_CLASS})",
    ),
    DemoLogin(
        DemoUsername.COACH, "Coach", f"students of the groups they coach (incl. {DEMO_CLASS})"
    ),
    DemoLogin(
        DemoUsername.SCHOOL_LEADER,
        "Schoolleider / school leader",
        f"every student of {SECONDARY.name}; school figures",
    ),
    DemoLogin(
        DemoUsername.SCHOOL_ADMIN,
        "Schoolbeheerder / school admin",
        f"every student of {SECONDARY.name}; Django admin",
    ),
    DemoLogin(
        DemoUsername.TEACHER_GUARDIAN,
        "Docent + ouder / teacher + guardian",
        f"switch role: teacher at {SECONDARY.name}, parent at {PRIMARY.name}",
    ),
    DemoLogin(
        DemoUsername.BOARD,
        "Bestuur / board viewer",
        f"aggregated, anonymous figures of {BOARD_NAME}",
    ),
    DemoLogin(
        DemoUsername.MUNICIPALITY,
        "Gemeente / municipality",
        "aggregated, anonymous figures of the board's schools",
    ),
    DemoLogin(
        DemoUsername.PARTNER,
        f"Partner ({PARTNERS[0].name})",
        "only linked students with consent: the demo student; records through its xAPI key",
    ),
)

HEADERS = ("Role / rol", "Username", "Password", "Name", "Can see")


def login_table(names: Mapping[str, str]) -> str:
    """The demo logins as a plain-text table; ``names`` maps username to full name.

    A login missing from ``names`` (deleted since the demo was loaded) is
    marked rather than silently printed as if it worked.
    """
    rows = [
        (
            login.role,
            login.username.value,
            DEMO_PASSWORD,
            names.get(login.username, "(missing: no such user)"),
            login.sees,
        )
        for login in DEMO_LOGINS
    ]
    widths = [max(len(row[i]) for row in [HEADERS, *rows]) for i in range(len(HEADERS))]
    lines = [_table_line(HEADERS, widths), _table_line(tuple("-" * w for w in widths), widths)]
    lines += [_table_line(row, widths) for row in rows]
    return "\n".join(lines)


def _table_line(cells: tuple[str, ...], widths: list[int]) -> str:
    return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()

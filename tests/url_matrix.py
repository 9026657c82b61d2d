"""The expected answer of every URL of Leerweg to every persona.

This table is the contract behind docs/permissions.md: ``test_url_matrix``
walks every URL pattern of the project, requests it as each persona, and
compares the answer with this table. A URL that is not in the table fails the
test, so a new feature cannot forget to decide who may use it.

Run ``python -m tests.url_matrix`` to print the table as Markdown; ``make
permissions-doc`` writes it into docs/permissions.md.
"""

from dataclasses import dataclass, field
from enum import StrEnum


class Answer(StrEnum):
    OK = "200"
    LOGIN = "login"  # redirected to the login page
    REDIRECT = "302"  # redirected elsewhere (after a POST, or already logged in)
    DENIED = "403"  # the page exists, but not for this role
    HIDDEN = "404"  # "does not exist" and "not yours" look the same
    UNAUTHORIZED = "401"  # the API without a session


PERSONAS = (
    "anonymous",
    "student",
    "other_student",
    "guardian",
    "mentor",
    "other_teacher",
    "leader",
    "school_admin",
    "other_school_staff",
    "board_viewer",
    "partner_with_consent",
    "partner_without_consent",
)


@dataclass(frozen=True)
class Row:
    answers: dict[str, Answer]
    method: str = "get"
    data: dict[str, str] = field(default_factory=dict)
    note: str = ""


def row(
    default: Answer,
    *,
    anonymous: Answer = Answer.LOGIN,
    method: str = "get",
    data: dict[str, str] | None = None,
    note: str = "",
    **answers: Answer,
) -> Row:
    unknown = set(answers) - set(PERSONAS)
    if unknown:
        raise ValueError(f"Unknown personas: {sorted(unknown)}")
    table = {persona: answers.get(persona, default) for persona in PERSONAS}
    table["anonymous"] = anonymous
    return Row(table, method=method, data=data or {}, note=note)


OK, LOGIN, REDIRECT = Answer.OK, Answer.LOGIN, Answer.REDIRECT
DENIED, HIDDEN, UNAUTHORIZED = Answer.DENIED, Answer.HIDDEN, Answer.UNAUTHORIZED

# Sanne (``student``) is 16 and in group 4H1 at Het Baken; ``mentor`` mentors
# 4H1; ``other_teacher`` teaches 4H2; ``other_school_staff`` leads another
# school. URL arguments below are filled in with Sanne and her group.
MATRIX: dict[str, Row] = {
    # Start, role switch and privacy.
    "insight:home": row(OK, note="each role gets its own start page"),
    "insight:role-switch": row(
        REDIRECT, method="post", data={"role": "staff:0"}, note="unknown role: message, no change"
    ),
    "insight:privacy": row(OK, anonymous=OK),
    "insight:audit-school": row(
        DENIED,
        leader=OK,
        school_admin=OK,
        other_school_staff=OK,
        note="the whole trail of the leader's own school only",
    ),
    "insight:audit-student": row(
        DENIED,
        student=OK,
        other_student=HIDDEN,
        note="a 16+ student sees who looked at their data; for younger students, a guardian",
    ),
    # Accounts.
    "accounts:login": row(REDIRECT, anonymous=OK),
    "accounts:logout": row(LOGIN, anonymous=LOGIN, method="post", note="back to the login page"),
    "accounts:settings": row(OK),
    "accounts:password-change": row(OK),
    "accounts:password-reset": row(OK, anonymous=OK),
    "accounts:password-reset-done": row(OK, anonymous=OK),
    "accounts:password-reset-confirm": row(OK, anonymous=OK, note="an invalid link says so"),
    "accounts:password-reset-complete": row(OK, anonymous=OK),
    "set-language": row(REDIRECT, anonymous=REDIRECT, method="post", data={"language": "en"}),
    # Schools: groups and students.
    "schools:group-list": row(
        DENIED,
        mentor=OK,
        other_teacher=OK,
        leader=OK,
        school_admin=OK,
        other_school_staff=OK,
        note="staff see their own groups; leaders all",
    ),
    "schools:group-detail": row(
        DENIED,
        mentor=OK,
        leader=OK,
        school_admin=OK,
        other_teacher=HIDDEN,
        other_school_staff=HIDDEN,
    ),
    "schools:student-detail": row(
        DENIED,
        student=OK,
        guardian=OK,
        mentor=OK,
        leader=OK,
        school_admin=OK,
        other_student=HIDDEN,
        other_teacher=HIDDEN,
        other_school_staff=HIDDEN,
    ),
    # REST API.
    "api:api-root": row(HIDDEN, anonymous=HIDDEN, note="no page at the API root"),
    "api:openapi-json": row(OK, anonymous=OK),
    "api:openapi-view": row(OK, anonymous=OK),
    "api:me": row(OK, anonymous=UNAUTHORIZED),
    "api:student_list": row(OK, anonymous=UNAUTHORIZED, note="scoped: others get fewer rows"),
    "api:student_detail": row(
        HIDDEN,
        anonymous=UNAUTHORIZED,
        student=OK,
        guardian=OK,
        mentor=OK,
        leader=OK,
        school_admin=OK,
    ),
    # Operations.
    "health": row(OK, anonymous=OK),
}


def render_markdown() -> str:
    short = {
        "anonymous": "anon",
        "student": "student",
        "other_student": "other student",
        "guardian": "guardian",
        "mentor": "mentor",
        "other_teacher": "teacher other group",
        "leader": "leader",
        "school_admin": "school admin",
        "other_school_staff": "staff other school",
        "board_viewer": "board",
        "partner_with_consent": "partner (consent)",
        "partner_without_consent": "partner (none)",
    }
    header = "| URL name | method | " + " | ".join(short[p] for p in PERSONAS) + " |"
    lines = [header, "|" + " --- |" * (len(PERSONAS) + 2)]
    for name in sorted(MATRIX):
        entry = MATRIX[name]
        cells = " | ".join(entry.answers[p].value for p in PERSONAS)
        lines.append(f"| `{name}` | {entry.method.upper()} | {cells} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(render_markdown(), end="")

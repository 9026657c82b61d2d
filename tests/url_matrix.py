"""The expected answer of every URL of Leerweg to every persona.

This table is the contract behind docs/permissions.md: ``test_url_matrix``
walks every URL pattern of the project, requests it as each persona, and
compares the answer with this table. A URL that is not in the table fails the
test, so a new feature cannot forget to decide who may use it.

Run ``python -m tests.url_matrix`` to print the table as Markdown; ``make
permissions-doc`` writes it into docs/permissions.md.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from typing import Any


class Answer(StrEnum):
    OK = "200"
    CREATED = "201"  # the API made something
    LOGIN = "login"  # redirected to the login page
    REDIRECT = "302"  # redirected elsewhere (after a POST, or already logged in)
    DENIED = "403"  # the page exists, but not for this role
    HIDDEN = "404"  # "does not exist" and "not yours" look the same
    UNAUTHORIZED = "401"  # the API without a session or token
    INVALID = "422"  # the API refused the input (after the access checks)
    BAD_REQUEST = "400"  # a form refused the input and says why (after the access checks)


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


# What a row sends: fixed, or made from the URL arguments (ids of Sanne's goal, …).
Data = dict[str, Any] | Callable[[dict[str, Any]], dict[str, Any]]
JSON = "application/json"


@dataclass(frozen=True)
class Row:
    answers: dict[str, Answer]
    method: str = "get"
    data: Data = field(default_factory=dict)
    # Empty: form-encoded, as a browser sends it; JSON for the API.
    content_type: str = ""
    note: str = ""


def row(
    default: Answer,
    *,
    anonymous: Answer = Answer.LOGIN,
    method: str = "get",
    data: Data | None = None,
    content_type: str = "",
    note: str = "",
    **answers: Answer,
) -> Row:
    unknown = set(answers) - set(PERSONAS)
    if unknown:
        raise ValueError(f"Unknown personas: {sorted(unknown)}")
    table = {persona: answers.get(persona, default) for persona in PERSONAS}
    table["anonymous"] = anonymous
    return Row(table, method=method, data=data or {}, content_type=content_type, note=note)


OK, LOGIN, REDIRECT = Answer.OK, Answer.LOGIN, Answer.REDIRECT
DENIED, HIDDEN, UNAUTHORIZED = Answer.DENIED, Answer.HIDDEN, Answer.UNAUTHORIZED
CREATED, INVALID, BAD_REQUEST = Answer.CREATED, Answer.INVALID, Answer.BAD_REQUEST


def api_row(
    default: Answer, *, method: str = "get", data: Data | None = None, **kwargs: Any
) -> Row:
    """An API row: 401 without authentication; writes send JSON."""
    content_type = JSON if method in ("post", "put", "patch") and data is not None else ""
    return row(
        default,
        anonymous=UNAUTHORIZED,
        method=method,
        data=data,
        content_type=content_type,
        **kwargs,
    )


# Who hands out xAPI keys: partner users, and school leaders and administrators.
_KEEPS_XAPI_KEYS: dict[str, Any] = {
    "leader": OK,
    "school_admin": OK,
    "other_school_staff": OK,
    "partner_with_consent": OK,
    "partner_without_consent": OK,
}


def _keepers_of_the_schools_key(answer: Answer) -> dict[str, Any]:
    """Het Baken's key: its keepers get ``answer``, other keepers a 404."""
    return {
        name: answer if name in ("leader", "school_admin") else HIDDEN for name in _KEEPS_XAPI_KEYS
    }


def _own_only(answer: Answer, **kwargs: Any) -> Row:
    """The student changes their own data; another student 404; other roles 403."""
    return api_row(DENIED, student=answer, other_student=HIDDEN, **kwargs)


# Who sees Sanne's goals, evidence or route list at all (a page that says
# "not shared" if she keeps it to herself), and who sees one goal or piece.
_SEES_STUDENT: dict[str, Any] = {
    "student": OK,
    "guardian": OK,
    "mentor": OK,
    "leader": OK,
    "school_admin": OK,
    "other_student": HIDDEN,
    "other_teacher": HIDDEN,
    "other_school_staff": HIDDEN,
}
_SHARED_WITH_MENTOR: dict[str, Any] = {
    "student": OK,
    "mentor": OK,
    "guardian": HIDDEN,
    "leader": HIDDEN,
    "school_admin": HIDDEN,
    "other_student": HIDDEN,
    "other_teacher": HIDDEN,
    "other_school_staff": HIDDEN,
}
# The route's shapers: the student and the mentor it is shared with.
_SHAPES_ROUTE: dict[str, Any] = {
    "leader": HIDDEN,
    "school_admin": HIDDEN,
    "other_student": HIDDEN,
    "other_teacher": HIDDEN,
    "other_school_staff": HIDDEN,
}

# Coaching: staff other than Sanne's mentors and coaches get 404, leaders too.
_ONLY_HER_COACHES: dict[str, Any] = {
    "other_teacher": HIDDEN,
    "leader": HIDDEN,
    "school_admin": HIDDEN,
    "other_school_staff": HIDDEN,
}
_COACHING_SEEN_BY: dict[str, Any] = {"student": OK, "mentor": OK, "other_student": HIDDEN}

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
    "accounts:api-tokens": row(OK, note="a token acts in one of the person's roles"),
    "accounts:api-token-revoke": row(
        HIDDEN, student=REDIRECT, method="post", note="a token of Sanne's: only hers to revoke"
    ),
    "accounts:password-change": row(OK),
    "accounts:password-reset": row(OK, anonymous=OK),
    "accounts:password-reset-done": row(OK, anonymous=OK),
    "accounts:password-reset-confirm": row(OK, anonymous=OK, note="an invalid link says so"),
    "accounts:password-reset-complete": row(OK, anonymous=OK),
    "set-language": row(REDIRECT, anonymous=REDIRECT, method="post", data={"language": "en"}),
    # Notifications: everyone has their own; no role needed.
    "notifications:list": row(OK, note="one's own notifications"),
    "notifications:read": row(
        HIDDEN,
        student=REDIRECT,
        method="post",
        note="a notification for Sanne: only she can open it; it redirects to its page",
    ),
    "notifications:read-all": row(REDIRECT, method="post", note="one's own notifications"),
    "notifications:preferences": row(OK, note="one's own daily e-mail setting"),
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
    # Formative evaluation. The inbox and the rubric library are for staff of
    # the school; only the rubric's author (Sanne's mentor) or a leader or
    # administrator changes it. Feedback follows the evidence and goal rules:
    # the staff they are shared with; self-assessment is Sanne's alone.
    **{
        name: row(
            DENIED,
            mentor=OK,
            other_teacher=OK,
            leader=OK,
            school_admin=OK,
            other_school_staff=OK,
            note=note,
        )
        for name, note in (
            ("assessment:inbox", "evidence of one's own groups that one may see"),
            ("assessment:rubric-list", "each school's own library"),
            ("assessment:rubric-create", ""),
            ("assessment:rubric-import", ""),
        )
    },
    **{
        name: row(
            DENIED,
            mentor=answer,
            other_teacher=answer,
            leader=answer,
            school_admin=answer,
            other_school_staff=HIDDEN,
            method=method,
        )
        for name, answer, method in (
            ("assessment:rubric-detail", OK, "get"),
            ("assessment:rubric-export", OK, "get"),
            ("assessment:rubric-copy", REDIRECT, "post"),
        )
    },
    **{
        name: row(
            DENIED,
            mentor=OK,
            other_teacher=DENIED,
            leader=OK,
            school_admin=OK,
            other_school_staff=HIDDEN,
            note="the author, or a school leader or administrator",
        )
        for name in ("assessment:rubric-edit", "assessment:rubric-delete")
    },
    **{
        name: row(DENIED, **_SHARED_WITH_MENTOR, note="whoever may see the evidence or goal")
        for name in ("assessment:evidence-assessment", "assessment:goal-assessment")
    },
    **{
        name: row(
            DENIED,
            mentor=OK,
            other_teacher=HIDDEN,
            leader=HIDDEN,
            school_admin=HIDDEN,
            other_school_staff=HIDDEN,
            note="staff who may see the evidence or goal",
        )
        for name in ("assessment:evidence-feedback", "assessment:goal-feedback")
    },
    **{
        name: row(DENIED, student=OK, other_student=HIDDEN, note="the student about their own work")
        for name in ("assessment:evidence-self", "assessment:goal-self")
    },
    **{
        name: row(
            DENIED,
            student=OK,
            mentor=OK,
            leader=OK,
            school_admin=OK,
            other_student=HIDDEN,
            other_teacher=HIDDEN,
            other_school_staff=HIDDEN,
            note="progress on the curriculum, as per learning line",
        )
        for name in ("assessment:student-progress", "assessment:goal-progress")
    },
    # Peer feedback. Peer feedback is on in 4H1; Sanne asked 4H1 for feedback
    # on her evidence and Mila (4H1, not a persona here) answered. Classmates
    # of other groups get 404; staff pages are for the group's own staff only.
    "assessment:peer-index": row(
        DENIED, student=OK, other_student=OK, note="one's own groups' open requests"
    ),
    "assessment:peer-request": row(
        DENIED,
        student=OK,
        other_student=HIDDEN,
        note="students of the group it was asked of (the owner sees it as they do)",
    ),
    "assessment:peer-file": row(
        DENIED, student=HIDDEN, other_student=HIDDEN, note="as the request; her evidence is text"
    ),
    "assessment:peer-request-stop": row(
        DENIED, student=REDIRECT, other_student=HIDDEN, method="post", note="the owner"
    ),
    "assessment:evidence-peer-ask": row(
        DENIED,
        student=REDIRECT,
        other_student=HIDDEN,
        method="post",
        data=lambda a: {"group": a["group_id"]},
        note="the owner, in one of her groups with peer feedback on",
    ),
    "assessment:peer-comment-delete": row(
        DENIED,
        student=HIDDEN,
        other_student=HIDDEN,
        method="post",
        note="the comment's author only (Mila's comment)",
    ),
    **{
        name: row(
            DENIED,
            mentor=answer,
            other_teacher=HIDDEN,
            leader=HIDDEN,
            school_admin=HIDDEN,
            other_school_staff=HIDDEN,
            method=method,
            note="staff linked to the group",
        )
        for name, answer, method in (
            ("assessment:peer-group", OK, "get"),
            ("assessment:peer-group-setting", REDIRECT, "post"),
            ("assessment:peer-comment-hide", REDIRECT, "post"),
            ("assessment:peer-comment-show", REDIRECT, "post"),
        )
    },
    # Curriculum: read by staff and students of the school, changed by its
    # leaders and administrators. Arguments are a goal, line and domain of
    # Het Baken, so the leader of another school gets 404 for them.
    **{
        name: row(
            DENIED,
            student=OK,
            other_student=OK,
            mentor=OK,
            other_teacher=OK,
            leader=OK,
            school_admin=OK,
            other_school_staff=answer,
            note=note,
        )
        for name, answer, note in (
            ("curriculum:overview", OK, "each school's own curriculum"),
            ("curriculum:goal-detail", HIDDEN, ""),
        )
    },
    **{
        name: row(DENIED, leader=OK, school_admin=OK, other_school_staff=answer)
        for name, answer in (
            ("curriculum:domain-create", OK),
            ("curriculum:line-create", OK),
            ("curriculum:goal-create", OK),
            ("curriculum:import", OK),
            ("curriculum:export", OK),
            ("curriculum:domain-edit", HIDDEN),
            ("curriculum:domain-delete", HIDDEN),
            ("curriculum:line-edit", HIDDEN),
            ("curriculum:line-delete", HIDDEN),
            ("curriculum:goal-edit", HIDDEN),
            ("curriculum:goal-delete", HIDDEN),
        )
    },
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
    "api-docs": row(REDIRECT, anonymous=REDIRECT, note="/api/docs → /api/v1/docs"),
    # The API's profile, path and activities: the same answers as the pages.
    # Reads are GET; writes send JSON (the student first, so the others meet
    # the same data). leerweg/*/tests/test_api*.py test bearer tokens too.
    "api:profile_detail": api_row(
        DENIED, **_SEES_STUDENT, note="only the shared parts; visible_parts lists them"
    ),
    "api:profile_about_me_set": _own_only(OK, method="put", data={"about_me": "Ik hou van bijen."}),
    "api:profile_interests_set": _own_only(
        OK, method="put", data={"areas": ["sport"], "tags": ["schaken"]}
    ),
    "api:profile_skills_set": _own_only(OK, method="put", data={"ratings": {"collaborating": 3}}),
    "api:profile_sharing": _own_only(OK),
    "api:profile_sharing_set": _own_only(
        OK, method="put", data={"parts": {"goals": ["mentor_coach"], "route": ["mentor_coach"]}}
    ),
    "api:goal_list": api_row(
        DENIED, **_SEES_STUDENT, note="without sharing: shared=false and no goals"
    ),
    "api:goal_create": _own_only(
        CREATED, method="post", data={"title": "Ik wil leren programmeren"}
    ),
    "api:goal_detail": api_row(DENIED, **_SHARED_WITH_MENTOR),
    "api:goal_update": _own_only(
        OK,
        method="patch",
        data={"version": 1, "title": "Ik wil beter presenteren voor de klas"},
        note="a stale version is a 409",
    ),
    "api:goal_step_add": _own_only(
        CREATED, method="post", data={"version": 1, "title": "Oefenen voor mijn zus"}
    ),
    "api:goal_reflection_add": _own_only(
        CREATED, method="post", data={"text": "Het ging al beter."}
    ),
    "api:evidence_list": api_row(
        DENIED, **_SEES_STUDENT, note="without sharing: shared=false and no evidence"
    ),
    "api:evidence_add": _own_only(
        CREATED,
        method="post",
        data=lambda args: {
            "kind": "text",
            "title": "Spreekbeurt",
            "text": "Ik heb een spreekbeurt gehouden.",
            "own_goals": [str(args["goal_id"])],
        },
    ),
    "api:evidence_upload": row(
        DENIED,
        anonymous=UNAUTHORIZED,
        student=INVALID,
        other_student=HIDDEN,
        method="post",
        data=lambda args: {
            "kind": "file",
            "title": "Webpagina",
            "own_goals": [str(args["goal_id"])],
            "file": args["html_upload"](),
        },
        note="multipart; the matrix sends an HTML page, which is refused (422)",
    ),
    "api:evidence_detail": api_row(DENIED, **_SHARED_WITH_MENTOR),
    "api:route_detail": api_row(DENIED, **_SHARED_WITH_MENTOR),
    "api:route_proposal_add": api_row(
        DENIED,
        student=CREATED,
        mentor=CREATED,
        **_SHAPES_ROUTE,
        method="post",
        data=lambda args: {"action": "remove", "item": str(args["item_id"])},
        note="the student, or a mentor or coach the route is shared with",
    ),
    "api:route_proposal_accept": api_row(
        DENIED,
        student=OK,
        **_SHAPES_ROUTE,
        method="post",
        note="the other side decides: the mentor who proposed it gets 403",
    ),
    "api:route_proposal_decline": api_row(DENIED, student=OK, **_SHAPES_ROUTE, method="post"),
    "api:route_proposal_withdraw": api_row(
        DENIED, mentor=OK, **_SHAPES_ROUTE, method="post", note="only whoever proposed it"
    ),
    "api:activity_list": api_row(
        DENIED, **_SEES_STUDENT, note="without sharing: only what you added"
    ),
    "api:activity_add": api_row(
        DENIED,
        student=CREATED,
        mentor=CREATED,
        other_student=HIDDEN,
        other_teacher=HIDDEN,
        other_school_staff=HIDDEN,
        method="post",
        data=lambda args: {
            "title": "Leerlingenraad",
            "setting": "in_school",
            "started_on": args["today"].isoformat(),
        },
        note="the student, or staff who teach, mentor or coach them",
    ),
    # The API's rubrics, feedback and coaching: the same answers as the pages.
    # Students read the rubrics of their school as on the self-assessment page.
    "api:rubric_list": api_row(
        DENIED,
        student=OK,
        other_student=OK,
        mentor=OK,
        other_teacher=OK,
        leader=OK,
        school_admin=OK,
        other_school_staff=OK,
        note="each school's own library",
    ),
    "api:rubric_detail": api_row(
        DENIED,
        student=OK,
        other_student=OK,
        mentor=OK,
        other_teacher=OK,
        leader=OK,
        school_admin=OK,
        other_school_staff=HIDDEN,
    ),
    **{
        name: api_row(DENIED, **_SHARED_WITH_MENTOR, note="whoever may see the evidence or goal")
        for name in ("api:evidence_assessment", "api:goal_assessment")
    },
    **{
        name: api_row(
            DENIED,
            mentor=CREATED,
            other_teacher=HIDDEN,
            leader=HIDDEN,
            school_admin=HIDDEN,
            other_school_staff=HIDDEN,
            method="post",
            data={"feed_back": "Mooi opgebouwd."},
            note="staff who may see the evidence or goal",
        )
        for name in ("api:evidence_feedback_give", "api:goal_feedback_give")
    },
    **{
        name: _own_only(
            CREATED,
            method="post",
            data=lambda args: {"rubric": args["rubric_id"], "levels": args["rubric_levels"]},
            note="the student about their own work",
        )
        for name in ("api:evidence_self_assess", "api:goal_self_assess")
    },
    **{
        name: api_row(DENIED, **_COACHING_SEEN_BY, **_ONLY_HER_COACHES, note=note)
        for name, note in (
            ("api:conversation_list", ""),
            ("api:conversation_detail_get", "shared notes only, never private ones"),
        )
    },
    "api:agreement_status_change": api_row(
        DENIED,
        student=OK,
        mentor=OK,
        other_student=HIDDEN,
        **_ONLY_HER_COACHES,
        method="post",
        data={"status": "open"},
        note="her coaches; the student for agreements she owns",
    ),
    "api:day_start_get": api_row(DENIED, student=OK, other_student=OK, note="the student's own"),
    "api:day_start_put": api_row(
        DENIED, student=OK, other_student=OK, method="put", data={"mood": 4, "plan": "Rekenen"}
    ),
    "api:day_start_board_get": api_row(
        DENIED, mentor=OK, **_ONLY_HER_COACHES, note="mentors and coaches of the group"
    ),
    # Operations.
    # Profiles: the student's own pages (any student, about themself).
    "profiles:mine": row(DENIED, student=OK, other_student=OK),
    "profiles:about-me": row(
        DENIED, student=REDIRECT, other_student=REDIRECT, method="post", data={"about_me": "Hoi"}
    ),
    "profiles:interests": row(
        DENIED, student=REDIRECT, other_student=REDIRECT, method="post", data={"areas": "music"}
    ),
    "profiles:talent-add": row(
        DENIED, student=REDIRECT, other_student=REDIRECT, method="post", data={"title": "Tekenen"}
    ),
    "profiles:talent-delete": row(
        DENIED,
        student=REDIRECT,
        other_student=REDIRECT,
        method="post",
        note="another student's talent id deletes nothing",
    ),
    "profiles:skills": row(
        DENIED, student=REDIRECT, other_student=REDIRECT, method="post", data={"collaborating": "3"}
    ),
    "profiles:sharing": row(DENIED, student=OK, other_student=OK),
    "profiles:sharing-save": row(
        DENIED, student=REDIRECT, other_student=REDIRECT, method="post", data={"goals": "teachers"}
    ),
    # Partners and consent: Sanne (16) decides herself; her guardian sees only that.
    "consent:index": row(
        DENIED,
        student=REDIRECT,
        other_student=REDIRECT,
        guardian=REDIRECT,
        note="to one's own page; a guardian with one child to the child's",
    ),
    "consent:student": row(
        DENIED,
        student=OK,
        guardian=OK,
        other_student=HIDDEN,
        note="the guardian of a student of 16 reads only that the student decides",
    ),
    **{
        name: row(
            DENIED,
            student=answer,
            other_student=HIDDEN,
            method="post",
            data=data,
            note="only the one who decides: the student from 16, a guardian below 16",
        )
        for name, answer, data in [
            (
                "consent:code-create",
                OK,
                lambda a: {"partner": a["unlinked_partner_id"], "purposes": ["record", "view"]},
            ),
            ("consent:code-cancel", REDIRECT, lambda a: {"code": a["link_code_id"]}),
            (
                "consent:grant-give",
                REDIRECT,
                lambda a: {"partner": a["linked_partner_id"], "purpose": "view"},
            ),
            (
                "consent:grant-withdraw",
                REDIRECT,
                lambda a: {"partner": a["linked_partner_id"], "purpose": "record"},
            ),
            ("consent:link-end", REDIRECT, lambda a: {"partner": a["linked_partner_id"]}),
        ]
    },
    "consent:partner-links": row(
        DENIED,
        partner_with_consent=OK,
        partner_without_consent=OK,
        note="each partner sees only its own links",
    ),
    "consent:partner-redeem": row(
        DENIED,
        partner_with_consent=BAD_REQUEST,
        partner_without_consent=REDIRECT,
        method="post",
        data=lambda a: {"code": a["link_code"], "label": "Lid 7"},
        note="the code is the other partner's: to the first it does not exist",
    ),
    # Activities: Sanne's timeline (not shared by default: others see only what they added).
    "activities:timeline": row(
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
    "activities:add": row(
        DENIED,
        student=OK,
        mentor=OK,
        other_student=HIDDEN,
        other_teacher=HIDDEN,
        other_school_staff=HIDDEN,
        note="the student, or staff who teach, mentor or coach them",
    ),
    "activities:remove": row(
        DENIED,
        student=REDIRECT,
        other_student=HIDDEN,
        mentor=HIDDEN,
        other_teacher=HIDDEN,
        leader=HIDDEN,
        school_admin=HIDDEN,
        other_school_staff=HIDDEN,
        method="post",
        note="the student or whoever recorded it",
    ),
    "activities:hide": row(
        DENIED,
        student=REDIRECT,
        other_student=HIDDEN,
        method="post",
        data={"hidden_from": ["teachers"]},
        note="only the student hides an activity from an audience",
    ),
    **{
        name: row(
            DENIED,
            mentor=HIDDEN,
            other_teacher=HIDDEN,
            leader=HIDDEN,
            school_admin=HIDDEN,
            other_school_staff=HIDDEN,
            method="post",
            data=lambda a: {"partner": a["validating_partner_id"]},
            note="staff who teach the student and see the activity (hockey is not shared)",
        )
        for name in ("activities:validate", "activities:unvalidate")
    },
    # The school's translation table for partners' xAPI statements: leaders and
    # administrators of a school keep their own school's rules.
    **{
        name: row(DENIED, leader=OK, school_admin=OK, other_school_staff=OK)
        for name in ("lrs_pages:mapping-list", "lrs_pages:mapping-create")
    },
    **{
        name: row(DENIED, leader=OK, school_admin=OK, other_school_staff=HIDDEN)
        for name in ("lrs_pages:mapping-edit", "lrs_pages:mapping-delete")
    },
    # xAPI keys: a partner's users keep their organisation's, a school's leaders
    # and administrators the school's; another organisation's key does not exist.
    # The xAPI LRS answers only HTTP Basic auth with an xAPI key: a logged-in
    # session counts for nothing there (leerweg/lrs/tests cover the keys).
    **{
        name: row(UNAUTHORIZED, anonymous=UNAUTHORIZED, note="xAPI key (HTTP Basic) only")
        for name in (
            "lrs:statements",
            "lrs:state",
            "lrs:activities",
            "lrs:activity-profile",
            "lrs:agents",
            "lrs:agent-profile",
        )
    },
    "lrs:about": row(OK, anonymous=OK, note="public: the xAPI versions spoken"),
    "lrs_pages:credential-list": row(DENIED, **_KEEPS_XAPI_KEYS, note="each their own keys"),
    "lrs_pages:credential-create": row(
        DENIED,
        **_KEEPS_XAPI_KEYS,
        method="post",
        data={"label": "Rekentool"},
        note="for their own organisation; the answer shows the secret once",
    ),
    "lrs_pages:credential-rotate": row(
        DENIED,
        **_keepers_of_the_schools_key(OK),
        method="post",
        note="a key of Het Baken's own store: its leaders and administrators",
    ),
    "lrs_pages:credential-revoke": row(
        DENIED,
        **_keepers_of_the_schools_key(REDIRECT),
        method="post",
        note="a key of Het Baken's own store: its leaders and administrators",
    ),
    # Own goals (shared with the mentor by default).
    "paths:goal-list": row(
        DENIED,
        student=OK,
        guardian=OK,
        mentor=OK,
        leader=OK,
        school_admin=OK,
        other_student=HIDDEN,
        other_teacher=HIDDEN,
        other_school_staff=HIDDEN,
        note="without sharing, the page says so and lists nothing",
    ),
    "paths:goal-add": row(DENIED, student=OK, other_student=HIDDEN),
    "paths:goal-detail": row(
        DENIED,
        student=OK,
        mentor=OK,
        guardian=HIDDEN,
        leader=HIDDEN,
        school_admin=HIDDEN,
        other_student=HIDDEN,
        other_teacher=HIDDEN,
        other_school_staff=HIDDEN,
    ),
    "paths:goal-edit": row(DENIED, student=OK, other_student=HIDDEN),
    "paths:step-add": row(
        DENIED,
        student=REDIRECT,
        other_student=HIDDEN,
        method="post",
        data={"version": "1", "title": "Oefenen"},
    ),
    "paths:step-toggle": row(
        DENIED, student=REDIRECT, other_student=HIDDEN, method="post", data={"version": "1"}
    ),
    "paths:step-delete": row(
        DENIED, student=REDIRECT, other_student=HIDDEN, method="post", data={"version": "1"}
    ),
    "paths:goal-reflect": row(
        DENIED, student=REDIRECT, other_student=HIDDEN, method="post", data={"text": "Goed"}
    ),
    "paths:goal-agree": row(
        DENIED,
        mentor=REDIRECT,
        other_teacher=HIDDEN,
        leader=HIDDEN,
        school_admin=HIDDEN,
        other_school_staff=HIDDEN,
        method="post",
        note="a mentor or coach the goals are shared with",
    ),
    # Evidence (shared with the mentor by default). Only Sanne adds and changes
    # hers. Her evidence here is a text, which has no file or thumbnail, so
    # those two answer 404 to all; leerweg/paths/tests/test_evidence_access.py
    # asks the same personas for a photo's file and thumbnail.
    "paths:evidence-list": row(
        DENIED,
        student=OK,
        guardian=OK,
        mentor=OK,
        leader=OK,
        school_admin=OK,
        other_student=HIDDEN,
        other_teacher=HIDDEN,
        other_school_staff=HIDDEN,
        note="without sharing, the page says so and lists nothing",
    ),
    "paths:evidence-add": row(DENIED, student=OK, other_student=HIDDEN),
    "paths:evidence-detail": row(
        DENIED,
        student=OK,
        mentor=OK,
        guardian=HIDDEN,
        leader=HIDDEN,
        school_admin=HIDDEN,
        other_student=HIDDEN,
        other_teacher=HIDDEN,
        other_school_staff=HIDDEN,
    ),
    "paths:evidence-edit": row(DENIED, student=OK, other_student=HIDDEN),
    "paths:evidence-delete": row(
        DENIED, student=OK, other_student=HIDDEN, note="GET asks to confirm; POST deletes"
    ),
    "paths:evidence-file": row(
        DENIED,
        student=HIDDEN,
        mentor=HIDDEN,
        guardian=HIDDEN,
        leader=HIDDEN,
        school_admin=HIDDEN,
        other_student=HIDDEN,
        other_teacher=HIDDEN,
        other_school_staff=HIDDEN,
        note="a text has no file; for a photo: student and mentor 200",
    ),
    "paths:evidence-thumbnail": row(
        DENIED,
        student=HIDDEN,
        mentor=HIDDEN,
        guardian=HIDDEN,
        leader=HIDDEN,
        school_admin=HIDDEN,
        other_student=HIDDEN,
        other_teacher=HIDDEN,
        other_school_staff=HIDDEN,
        note="a text has no thumbnail; for a photo: student and mentor 200",
    ),
    # Class overview and portrait.
    "insight:class-overview": row(
        DENIED,
        mentor=OK,
        leader=OK,
        school_admin=OK,
        other_teacher=HIDDEN,
        other_school_staff=HIDDEN,
    ),
    "insight:portrait": row(
        DENIED,
        student=OK,
        guardian=OK,
        mentor=OK,
        leader=OK,
        school_admin=OK,
        other_student=HIDDEN,
        other_teacher=HIDDEN,
        other_school_staff=HIDDEN,
        note="each sees only the parts shared with them",
    ),
    # The learning route (shared with the mentor by default; guardians and
    # teachers read it when shared with them). The proposal is the mentor's:
    # Sanne answers it, only the mentor withdraws it.
    "paths:route": row(
        DENIED,
        student=OK,
        mentor=OK,
        guardian=HIDDEN,
        leader=HIDDEN,
        school_admin=HIDDEN,
        other_student=HIDDEN,
        other_teacher=HIDDEN,
        other_school_staff=HIDDEN,
        note="guardians and teachers only when the route is shared with them",
    ),
    "paths:route-propose-add": row(
        DENIED,
        student=OK,
        mentor=OK,
        leader=HIDDEN,
        school_admin=HIDDEN,
        other_student=HIDDEN,
        other_teacher=HIDDEN,
        other_school_staff=HIDDEN,
        note="the student, or a mentor or coach the route is shared with",
    ),
    "paths:route-propose-change": row(
        DENIED,
        student=OK,
        mentor=OK,
        leader=HIDDEN,
        school_admin=HIDDEN,
        other_student=HIDDEN,
        other_teacher=HIDDEN,
        other_school_staff=HIDDEN,
    ),
    "paths:route-propose-remove": row(
        DENIED,
        student=OK,
        mentor=OK,
        leader=HIDDEN,
        school_admin=HIDDEN,
        other_student=HIDDEN,
        other_teacher=HIDDEN,
        other_school_staff=HIDDEN,
    ),
    "paths:route-proposal-accept": row(
        DENIED,
        student=REDIRECT,
        leader=HIDDEN,
        school_admin=HIDDEN,
        other_student=HIDDEN,
        other_teacher=HIDDEN,
        other_school_staff=HIDDEN,
        method="post",
        note="the other side decides: the mentor who proposed it gets 403",
    ),
    "paths:route-proposal-decline": row(
        DENIED,
        student=REDIRECT,
        leader=HIDDEN,
        school_admin=HIDDEN,
        other_student=HIDDEN,
        other_teacher=HIDDEN,
        other_school_staff=HIDDEN,
        method="post",
    ),
    "paths:route-proposal-withdraw": row(
        DENIED,
        mentor=REDIRECT,
        leader=HIDDEN,
        school_admin=HIDDEN,
        other_student=HIDDEN,
        other_teacher=HIDDEN,
        other_school_staff=HIDDEN,
        method="post",
        note="only whoever proposed it",
    ),
    # Coaching: conversations between Sanne and the mentors and coaches of her
    # groups. The note is the mentor's private note: nobody else, not even
    # Sanne, gets it (and the attempt is audited). The agreement is Sanne's own.
    **{
        name: row(DENIED, **_COACHING_SEEN_BY, **_ONLY_HER_COACHES)
        for name in ("coaching:conversation-list", "coaching:conversation-detail")
    },
    **{
        name: row(DENIED, mentor=OK, **_ONLY_HER_COACHES)
        for name in ("coaching:conversation-create", "coaching:conversation-edit")
    },
    "coaching:agenda-add": row(
        DENIED,
        student=REDIRECT,
        mentor=REDIRECT,
        other_student=HIDDEN,
        **_ONLY_HER_COACHES,
        method="post",
        data={"text": "Mijn rooster"},
        note="before the conversation; the student and her coaches",
    ),
    "coaching:note-add": row(
        DENIED,
        mentor=REDIRECT,
        **_ONLY_HER_COACHES,
        method="post",
        data={"text": "Goed gesprek", "visibility": "shared"},
    ),
    "coaching:agreement-add": row(
        DENIED,
        mentor=REDIRECT,
        **_ONLY_HER_COACHES,
        method="post",
        data={"owner": "student", "description": "Oefenen"},
    ),
    "coaching:agreement-status": row(
        DENIED,
        student=REDIRECT,
        mentor=REDIRECT,
        other_student=HIDDEN,
        **_ONLY_HER_COACHES,
        method="post",
        data={"status": "open"},
        note="her coaches; the student for agreements she owns",
    ),
    "coaching:note-detail": row(
        DENIED,
        mentor=OK,
        student=HIDDEN,
        other_student=HIDDEN,
        **_ONLY_HER_COACHES,
        note="a private note: its author only; every other attempt is audited",
    ),
    "coaching:caseload": row(
        DENIED,
        mentor=OK,
        other_teacher=OK,
        leader=OK,
        school_admin=OK,
        other_school_staff=OK,
        note="each sees the students of the groups they mentor or coach",
    ),
    "coaching:daystart": row(DENIED, student=OK, other_student=OK, note="the student's own"),
    "coaching:daystart-board": row(
        DENIED, mentor=OK, **_ONLY_HER_COACHES, note="mentors and coaches of the group"
    ),
    "coaching:settings": row(
        DENIED, leader=OK, other_school_staff=OK, note="school leaders, for their own school"
    ),
    # Flex hours at Het Baken. The set-up is for leaders and administrators
    # (each of their own school); the session and the mandatory assignment
    # are the mentor's, for Sanne; a student chooses only for themself.
    **{
        name: row(DENIED, leader=OK, school_admin=OK, other_school_staff=answer)
        for name, answer in (
            ("flex:setup", OK),
            ("flex:slot-create", OK),
            ("flex:slot-edit", HIDDEN),
            ("flex:exception-add", HIDDEN),
            ("flex:exception-delete", HIDDEN),
        )
    },
    "flex:session-list": row(
        DENIED,
        mentor=OK,
        other_teacher=OK,
        leader=OK,
        school_admin=OK,
        other_school_staff=OK,
        note="staff of each school see its sessions",
    ),
    **{
        name: row(DENIED, mentor=OK, other_teacher=OK, leader=OK, other_school_staff=OK, note=note)
        for name, note in (
            ("flex:session-create", "teachers, mentors, coaches and leaders offer sessions"),
            ("flex:goal-choices", "each sees the students they mentor or coach"),
        )
    },
    "flex:session-edit": row(
        DENIED,
        mentor=OK,
        leader=OK,
        other_teacher=HIDDEN,
        other_school_staff=HIDDEN,
        note="the session's teacher and the school leader",
    ),
    **{
        name: row(DENIED, student=OK, other_student=HIDDEN, note="the student's own choices")
        for name in ("flex:week-list", "flex:choose")
    },
    **{
        name: row(
            DENIED,
            mentor=OK,
            leader=OK,
            other_teacher=HIDDEN,
            other_school_staff=HIDDEN,
            note=note,
        )
        for name, note in (
            ("flex:mandatory", "the session's teacher, mentors and coaches, leaders"),
            ("flex:mandatory-delete", "who set it, and the school leader"),
        )
    },
    # The allocation of a week: school leaders and administrators of the school.
    **{
        name: row(DENIED, leader=OK, school_admin=OK, other_school_staff=HIDDEN)
        for name in ("flex:run-list", "flex:run-detail", "flex:run-progress", "flex:run-publish")
    },
    "flex:run-start": row(
        DENIED,
        leader=REDIRECT,
        school_admin=REDIRECT,
        other_school_staff=HIDDEN,
        method="post",
        data={"objective": "convex"},
        note="school leaders and administrators; a week without flex hours is a 404",
    ),
    "flex:run-move": row(
        DENIED,
        leader=REDIRECT,
        school_admin=REDIRECT,
        other_school_staff=HIDDEN,
        method="post",
        data=lambda args: {"student": args["student_id"], "session": args["session_id"]},
        note="school leaders and administrators of the week's school",
    ),
    # After publication. The week in the arguments is not published, so the
    # attendance page says so, and the exports (published weeks only) are 404.
    "flex:schedule": row(DENIED, student=OK, other_student=HIDDEN, note="the student's own"),
    **{
        name: row(DENIED, mentor=OK, other_teacher=OK, leader=OK, other_school_staff=OK, note=note)
        for name, note in (
            ("flex:my-sessions", "each sees the sessions they teach"),
            ("flex:absences", "each sees the students they mentor or coach"),
        )
    },
    "flex:attendance": row(
        DENIED,
        mentor=OK,
        leader=OK,
        other_teacher=HIDDEN,
        other_school_staff=HIDDEN,
        note="the session's teacher and the school leader",
    ),
    "flex:session-export": row(
        DENIED,
        mentor=HIDDEN,
        leader=HIDDEN,
        other_teacher=HIDDEN,
        other_school_staff=HIDDEN,
        note="the session's teacher and the school leader, published weeks only",
    ),
    "flex:week-export": row(
        DENIED,
        leader=HIDDEN,
        other_school_staff=HIDDEN,
        note="school leaders, published weeks of their own school only",
    ),
    **{
        name: row(
            DENIED,
            student=answer,
            other_student=answer,
            mentor=answer,
            other_teacher=answer,
            leader=answer,
            other_school_staff=answer,
            method="post",
            note="students and teachers, for their own calendar link",
        )
        for name, answer in (("flex:calendar-create", OK), ("flex:calendar-revoke", REDIRECT))
    },
    "flex:calendar-feed": row(
        HIDDEN, anonymous=HIDDEN, note="no login: the secret link is the key; unknown → 404"
    ),
    # Learning networks: access by membership, whatever role one acts in. Het
    # Baken is a member school of the network, represented by its ``leader``
    # (a member, not a facilitator); the facilitator is no persona. Het
    # Baken's staff work on a learning area with a shared rubric and material.
    "networks:network-list": row(OK, note="one's own networks and learning areas"),
    "networks:network-create": row(DENIED, note="who facilitates a network; admins in the admin"),
    **{
        name: row(HIDDEN, leader=OK, note="members of the network; others 404")
        for name in (
            "networks:network-detail",
            "networks:meeting-detail",
            "networks:post-list",
            "networks:post-detail",
            "networks:practice-list",
            "networks:practice-add",
            "networks:practice-detail",
            "networks:practice-file",
        )
    },
    "networks:member-school-edit": row(
        HIDDEN, leader=OK, note="the school's representatives and the facilitators"
    ),
    **{
        name: row(HIDDEN, leader=DENIED, note="facilitators; members 403, others 404")
        for name in ("networks:member-school-add", "networks:meeting-add", "networks:meeting-edit")
    },
    **{
        name: row(
            HIDDEN, leader=DENIED, method="post", note="facilitators; members 403, others 404"
        )
        for name in ("networks:meeting-fix", "networks:meeting-attendance")
    },
    "networks:meeting-propose": row(
        HIDDEN,
        leader=REDIRECT,
        method="post",
        data=lambda args: {
            "date": (args["today"] + timedelta(days=40)).isoformat(),
            "start_time": "09:00",
            "end_time": "12:00",
        },
        note="members propose dates",
    ),
    "networks:practice-publish": row(
        HIDDEN,
        leader=REDIRECT,
        method="post",
        data={"published": "0"},
        note="members publish their network's practices to everyone, or take them back",
    ),
    "networks:inspiration": row(OK, note="published practices, for everyone logged in"),
    "networks:calendar": row(OK, note="one's own calendar link"),
    "networks:calendar-create": row(OK, method="post", note="one's own calendar link"),
    "networks:calendar-revoke": row(REDIRECT, method="post", note="one's own calendar link"),
    "networks:calendar-feed": row(
        HIDDEN, anonymous=HIDDEN, note="no login: the secret link is the key; unknown → 404"
    ),
    "networks:area-create": row(
        DENIED,
        mentor=OK,
        other_teacher=OK,
        leader=OK,
        school_admin=OK,
        other_school_staff=OK,
        note="staff, for a school they work at",
    ),
    **{
        name: row(
            HIDDEN,
            mentor=OK,
            other_teacher=OK,
            leader=OK,
            school_admin=OK,
            note="staff of the area's member schools",
        )
        for name in (
            "networks:area-detail",
            "networks:area-rubric",
            "networks:area-material-add",
            "networks:area-material-file",
        )
    },
    "networks:area-school-add": row(
        HIDDEN,
        mentor=DENIED,
        other_teacher=DENIED,
        school_admin=DENIED,
        leader=REDIRECT,
        method="post",
        data={"brin": "56EF"},
        note="school leaders of member schools and the network's facilitators",
    ),
    **{
        name: row(
            HIDDEN,
            mentor=REDIRECT,
            other_teacher=REDIRECT,
            leader=REDIRECT,
            school_admin=REDIRECT,
            method="post",
            data=data,
            note="staff of the area's member schools, for their own school",
        )
        for name, data in (
            (
                "networks:area-goal-add",
                lambda args: {"school": args["school_pk"], "text": "Elke klas een moestuin"},
            ),
            ("networks:area-rubric-share", lambda args: {"rubric": args["rubric_id"]}),
            ("networks:area-rubric-copy", lambda args: {"school": args["school_pk"]}),
        )
    },
    # The initiative register and the directory are public: everyone, also
    # without login. Moderation needs the permission initiatives.moderate_initiative,
    # which no persona has.
    **{
        name: row(OK, anonymous=OK, note="public")
        for name in (
            "initiatives:initiative-list",
            "initiatives:initiative-detail",
            "initiatives:region-overview",
            "initiatives:obstacle-overview",
            "initiatives:obstacle-csv",
            "initiatives:obstacle-report",
            "initiatives:register",
            "initiatives:register-sent",
            "directory:entry-list",
            "directory:entry-detail",
        )
    },
    "initiatives:confirm": row(OK, anonymous=OK, note="public; an invalid link says so"),
    # Verifying credentials is public: anyone, also without login. The JSON endpoint
    # takes a credential as its body and answers 200 with the verdict.
    **{
        name: row(OK, anonymous=OK, note="public")
        for name in (
            "credentials:verify",
            "credentials:verify-document",
            "credentials:status-list",
        )
    },
    "credentials:verify-api": row(
        OK, anonymous=OK, method="post", data={}, content_type=JSON, note="public, no CSRF"
    ),
    "credentials-did-document": row(
        HIDDEN,
        anonymous=HIDDEN,
        note="public; 404 without an https domain (the school is then a did:key issuer)",
    ),
    "credentials:credential-list": row(
        DENIED,
        student=OK,
        other_student=OK,
        guardian=OK,
        note="students; guardians of students under 16",
    ),
    "credentials:credential-download": row(
        DENIED,
        student=OK,
        other_student=HIDDEN,
        guardian=HIDDEN,
        note="the student; a guardian while the student is under 16",
    ),
    # Plusdocuments: Sanne's draft. She curates; her teachers and the school leader
    # validate and add lines; only the leader issues. Her guardian does not see it
    # (she is 16); a guardian of a student under 16 does.
    "credentials:document-home": row(
        OK,
        anonymous=LOGIN,
        student=REDIRECT,
        other_student=REDIRECT,
        board_viewer=DENIED,
        partner_with_consent=DENIED,
        partner_without_consent=DENIED,
        note="students go to their own; guardians and staff see whom they may",
    ),
    **{
        name: row(
            DENIED,
            student=OK,
            other_student=HIDDEN,
            guardian=HIDDEN,
            mentor=OK,
            other_teacher=HIDDEN,
            leader=OK,
            school_admin=OK,
            other_school_staff=HIDDEN,
            note="the student, staff who see her, guardians while she is under 16",
        )
        for name in (
            "credentials:document-student",
            "credentials:document-detail",
            "credentials:document-pdf",
        )
    },
    "credentials:document-curate": row(
        DENIED, student=REDIRECT, other_student=HIDDEN, method="post", note="the student only"
    ),
    **{
        name: row(
            DENIED,
            student=REDIRECT,
            other_student=HIDDEN,
            mentor=REDIRECT,
            other_teacher=HIDDEN,
            leader=REDIRECT,
            school_admin=HIDDEN,
            other_school_staff=HIDDEN,
            method="post",
            data={"section": "socialisation", "text": "Lid van de leerlingenraad"},
            note="the student (self-reported) and her teachers and school leader (validated)",
        )
        for name in ("credentials:document-line-add", "credentials:document-refresh")
    },
    "credentials:document-line-validate": row(
        DENIED,
        mentor=REDIRECT,
        other_teacher=HIDDEN,
        leader=REDIRECT,
        school_admin=HIDDEN,
        other_school_staff=HIDDEN,
        method="post",
        note="her teachers, mentors, coaches and the school leader",
    ),
    "credentials:document-issue": row(
        DENIED,
        mentor=HIDDEN,
        other_teacher=HIDDEN,
        leader=REDIRECT,
        school_admin=HIDDEN,
        other_school_staff=HIDDEN,
        method="post",
        note="a school leader of her school",
    ),
    "credentials:document-new-version": row(
        DENIED,
        student=REDIRECT,
        other_student=HIDDEN,
        mentor=HIDDEN,
        other_teacher=HIDDEN,
        leader=REDIRECT,
        school_admin=HIDDEN,
        other_school_staff=HIDDEN,
        method="post",
        note="the student or a school leader, of an issued version",
    ),
    # Issuing the Plusdocuments of a whole group at once: school leaders of the school.
    "credentials:batch-list": row(
        DENIED, leader=OK, other_school_staff=OK, note="school leaders, of their own school"
    ),
    **{
        name: row(
            DENIED,
            leader=OK,
            other_school_staff=HIDDEN,
            note="school leaders of the batch's school",
        )
        for name in (
            "credentials:batch-detail",
            "credentials:batch-progress",
            "credentials:batch-download",
        )
    },
    "credentials:batch-start": row(
        DENIED,
        leader=REDIRECT,
        other_school_staff=HIDDEN,
        method="post",
        data=lambda arguments: {"group": arguments["group_id"], "language": "nl"},
        note="school leaders, for a group of the current school year; another school's is a 404",
    ),
    # The school's issued credentials: school leaders list them, revoke one (with a
    # reason), undo a revocation and replace the school's signing key.
    "credentials:manage-list": row(
        DENIED, leader=OK, other_school_staff=OK, note="school leaders, of their own school"
    ),
    "credentials:manage-revoke": row(
        DENIED,
        leader=REDIRECT,
        other_school_staff=HIDDEN,
        method="post",
        data={"reason": "Per vergissing uitgegeven"},
        note="school leaders of the credential's school, with a reason",
    ),
    "credentials:manage-unrevoke": row(
        DENIED,
        leader=REDIRECT,
        other_school_staff=HIDDEN,
        method="post",
        note="school leaders of the credential's school",
    ),
    "credentials:manage-key-rotate": row(
        DENIED,
        leader=REDIRECT,
        other_school_staff=REDIRECT,
        method="post",
        note="school leaders, the key of their own school",
    ),
    **{
        name: row(DENIED, note="moderators (a permission granted in the admin)")
        for name in ("initiatives:moderation-list", "initiatives:moderation-detail")
    },
    **{
        name: row(DENIED, student=OK, other_student=OK, note="students, offers meant for them")
        for name in ("directory:offers-for-me", "directory:offer-detail")
    },
    "directory:offer-interest": row(
        DENIED,
        student=REDIRECT,
        other_student=REDIRECT,
        method="post",
        data={"interested": "0"},
        note="students, offers meant for them",
    ),
    **{
        name: row(
            DENIED,
            partner_with_consent=OK,
            partner_without_consent=OK,
            note="partner users, for their own organisation",
        )
        for name in (
            "directory:partner-offer-list",
            "directory:offer-create",
            "directory:entry-edit",
        )
    },
    "directory:offer-edit": row(
        DENIED,
        partner_with_consent=OK,
        partner_without_consent=HIDDEN,
        note="the partner that posted the offer",
    ),
    "directory:school-uptake": row(
        DENIED,
        mentor=OK,
        leader=OK,
        other_school_staff=OK,
        note="school leaders (names of all students), mentors and coaches (their own)",
    ),
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

"""Peer feedback for the demo: the demo student's class has it on, with one answered request.

The class's mentor switches peer feedback on; the demo student asks the class
about her newest piece of evidence and two classmates answer with tops and
tips, so the student's feedback page, the classmates' list and the mentor's
moderation page all have something to show. Made once: a class that already
has a peer-feedback setting is left alone.
"""

from django.db.models import Count
from django.utils import timezone

from leerweg.assessment.models import GroupPeerFeedback
from leerweg.assessment.services import (
    group_peer_feedback_set,
    peer_comment_add,
    peer_request_open,
)
from leerweg.demo.logins import DemoUsername
from leerweg.paths.models import Evidence
from leerweg.schools.models import Group, GroupStaffRole, Student

COMMENTS = (
    ("Je uitleg is duidelijk en de voorbeelden passen goed.", "Zet je bronnen erbij."),
    ("Mooi dat je laat zien wat je geleerd hebt.", "De conclusie mag iets korter."),
)


def peer_demo_create() -> None:
    group, owner = _class_and_owner()
    if group is None or owner is None:
        return
    evidence = Evidence.objects.filter(student=owner).order_by("-created_at").first()
    mentor = group.staff.filter(role=GroupStaffRole.MENTOR).first()
    if evidence is None or mentor is None:
        return
    if GroupPeerFeedback.objects.filter(group=group).exists():
        return
    group_peer_feedback_set(group=group, enabled=True, changed_by=mentor.user)
    request = peer_request_open(evidence=evidence, group=group)
    classmates = group.students.exclude(pk=owner.pk).order_by("pk")[: len(COMMENTS)]
    for classmate, (tops, tips) in zip(classmates, COMMENTS, strict=False):
        peer_comment_add(request=request, author=classmate, tops=tops, tips=tips)


def _class_and_owner() -> tuple[Group | None, Student | None]:
    """The demo student's class, or (in a small demo, where she sits alone) the
    largest class of her school with its first student as the one who asks."""
    student = Student.objects.filter(user__username=DemoUsername.STUDENT).first()
    if student is None:
        return None, None
    current = Group.objects.filter(school_year__end_date__gte=timezone.localdate())
    group = current.filter(memberships__student=student).order_by("pk").first()
    if group is not None and group.students.count() > len(COMMENTS):
        return group, student
    group = (
        current.filter(school_id=student.school_id)
        .annotate(size=Count("memberships"))
        .filter(size__gt=len(COMMENTS))
        .order_by("-size", "pk")
        .first()
    )
    if group is None:
        return None, None
    return group, group.students.order_by("pk").first()

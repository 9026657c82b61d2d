import pytest
from django.core.management import call_command

from leerweg.assessment.models import GroupPeerFeedback, PeerComment, PeerFeedbackRequest
from leerweg.demo import DemoUsername
from leerweg.demo.peer import peer_demo_create
from leerweg.schools.models import Group, Student
from leerweg.schools.tests.factories import StudentFactory, add_to_group

SMALL = {"size": "small", "quiet": True, "force": True}


@pytest.mark.django_db
def test_in_a_small_demo_every_class_has_one_student_so_there_is_no_peer_feedback():
    call_command("demo", **SMALL)
    assert not PeerFeedbackRequest.objects.exists()


@pytest.mark.django_db
def test_the_demo_student_asks_her_class_and_two_classmates_answer_once():
    call_command("demo", **SMALL)
    student = Student.objects.get(user__username=DemoUsername.STUDENT)
    group = Group.objects.get(memberships__student=student)
    for _ in range(3):
        add_to_group(StudentFactory.create(school=student.school), group)

    peer_demo_create()
    peer_demo_create()

    request = PeerFeedbackRequest.objects.get()
    assert request.evidence.student == student
    assert GroupPeerFeedback.objects.get(group=group).enabled
    authors = {comment.author for comment in PeerComment.objects.filter(request=request)}
    assert len(authors) == 2 and student not in authors

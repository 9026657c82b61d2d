"""Peer feedback through HTTP: asking classmates, answering, stopping, and who sees what.

Sanne (16) and Mila (14) are both in 4H1; Daan is in 4H2. Sanne asks 4H1
about her evidence "Presentatie over bijen"; Mila answers.
"""

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import Personas
from leerweg.assessment.models import PeerComment, PeerFeedbackRequest
from leerweg.assessment.services import (
    group_peer_feedback_set,
    peer_comment_add,
    peer_request_open,
)
from leerweg.notifications.models import Notification
from leerweg.paths.models import Evidence, EvidenceKind
from leerweg.profiles.services import sharing_set
from leerweg.schools.models import GroupMembership
from leerweg.schools.tests.factories import StudentFactory, add_to_group

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def peer_on(personas: Personas) -> None:
    group_peer_feedback_set(group=personas.group, enabled=True, changed_by=personas.mentor)


def ask(personas: Personas) -> PeerFeedbackRequest:
    peer_on(personas)
    return peer_request_open(evidence=personas.evidence, group=personas.group)


def request_url(peer_request: PeerFeedbackRequest, name: str = "assessment:peer-request") -> str:
    return reverse(name, args=[peer_request.public_id])


def assessment_url(personas: Personas) -> str:
    return reverse("assessment:evidence-assessment", args=[personas.evidence.public_id])


def test_the_owner_asks_a_group_with_peer_feedback_on(login_as, personas: Personas):
    client = login_as(personas.student)
    page = client.get(assessment_url(personas)).content.decode()
    assert "Peer feedback is not switched on in your groups." in page
    ask_url = reverse("assessment:evidence-peer-ask", args=[personas.evidence.public_id])
    # Off: asking changes nothing.
    client.post(ask_url, {"group": personas.group.pk})
    assert not PeerFeedbackRequest.objects.exists()

    peer_on(personas)
    page = client.get(assessment_url(personas)).content.decode()
    assert "Ask classmates for feedback" in page
    response = client.post(ask_url, {"group": personas.group.pk})
    assert response.status_code == 302
    peer_request = PeerFeedbackRequest.objects.get()
    assert (peer_request.evidence, peer_request.group, peer_request.is_open) == (
        personas.evidence,
        personas.group,
        True,
    )
    page = client.get(assessment_url(personas)).content.decode()
    assert "Stop asking 4H1" in page


def test_asking_a_group_one_is_not_in_is_refused(login_as, personas: Personas):
    group_peer_feedback_set(group=personas.other_group, enabled=True, changed_by=personas.mentor)
    ask_url = reverse("assessment:evidence-peer-ask", args=[personas.evidence.public_id])
    response = login_as(personas.student).post(ask_url, {"group": personas.other_group.pk})
    assert response.status_code == 302
    assert not PeerFeedbackRequest.objects.exists()
    # Nor can anyone ask about someone else's evidence.
    peer_on(personas)
    response = login_as(personas.young_student).post(ask_url, {"group": personas.group.pk})
    assert response.status_code == 404
    assert not PeerFeedbackRequest.objects.exists()


def test_a_classmate_sees_the_work_but_not_who_made_it(login_as, personas: Personas):
    peer_request = ask(personas)
    client = login_as(personas.young_student)
    index = client.get(reverse("assessment:peer-index")).content.decode()
    assert personas.evidence.title in index
    page = client.get(request_url(peer_request))
    body = page.content.decode()
    assert page.status_code == 200
    assert personas.evidence.text in body
    assert "Sanne" not in body and "de Vries" not in body
    # Classmates never see the evidence through the sharing settings.
    detail = reverse("paths:evidence-detail", args=[personas.evidence.public_id])
    assert client.get(detail).status_code == 404


def test_a_classmate_gives_tops_and_tips_and_the_owner_is_told(login_as, personas: Personas):
    peer_request = ask(personas)
    client = login_as(personas.young_student)
    data = {"tops": "Mooie plaatjes van bijen.", "tips": "Praat wat langzamer."}
    response = client.post(request_url(peer_request), data)
    assert response.status_code == 302
    comment = PeerComment.objects.get()
    assert (comment.author, comment.tops, comment.tips) == (
        personas.young_student_record,
        data["tops"],
        data["tips"],
    )
    notification = Notification.objects.get(recipient=personas.student)
    assert notification.link == assessment_url(personas)
    assert "Mila" in notification.text and personas.evidence.title in notification.text

    page = login_as(personas.student).get(assessment_url(personas)).content.decode()
    assert "From classmates" in page
    assert "Praat wat langzamer." in page


def test_a_classmate_answers_once_and_not_with_nothing(login_as, personas: Personas):
    peer_request = ask(personas)
    client = login_as(personas.young_student)
    empty = client.post(request_url(peer_request), {"tops": "  ", "tips": ""})
    assert empty.status_code == 400
    assert "Write a top or a tip." in empty.content.decode()
    assert not PeerComment.objects.exists()
    client.post(request_url(peer_request), {"tops": "Goed!"})
    again = client.post(request_url(peer_request), {"tops": "Nog eens."})
    assert again.status_code == 302
    assert [c.tops for c in PeerComment.objects.all()] == ["Goed!"]
    # Too long: refused, nothing stored.
    PeerComment.objects.all().delete()
    long = client.post(request_url(peer_request), {"tips": "x" * 1001})
    assert long.status_code == 400
    assert not PeerComment.objects.exists()


def test_the_owner_cannot_comment_on_their_own_work(login_as, personas: Personas):
    peer_request = ask(personas)
    client = login_as(personas.student)
    page = client.get(request_url(peer_request))
    assert page.status_code == 200
    assert "This is your own work" in page.content.decode()
    client.post(request_url(peer_request), {"tops": "Ik ben geweldig."})
    assert not PeerComment.objects.exists()
    with pytest.raises(Exception, match="own work"):
        peer_comment_add(request=peer_request, author=personas.student_record, tops="Top")


def test_students_of_other_groups_get_404(login_as, personas: Personas):
    peer_request = ask(personas)
    client = login_as(personas.other_student)
    assert client.get(request_url(peer_request)).status_code == 404
    assert client.post(request_url(peer_request), {"tops": "Hoi"}).status_code == 404
    assert (
        personas.evidence.title not in client.get(reverse("assessment:peer-index")).content.decode()
    )
    assert not PeerComment.objects.exists()


def test_stopping_hides_the_work_and_asking_again_reopens_it(login_as, personas: Personas):
    peer_request = ask(personas)
    peer_comment_add(request=peer_request, author=personas.young_student_record, tops="Top")
    response = login_as(personas.student).post(
        request_url(peer_request, "assessment:peer-request-stop")
    )
    assert response.status_code == 302
    classmate = login_as(personas.young_student)
    assert classmate.get(request_url(peer_request)).status_code == 404
    index = classmate.get(reverse("assessment:peer-index")).content.decode()
    assert "A request that was closed" in index
    assert personas.evidence.title not in index
    # The owner keeps the feedback she got.
    assert "Top" in login_as(personas.student).get(assessment_url(personas)).content.decode()

    again = peer_request_open(evidence=personas.evidence, group=personas.group)
    assert again.pk == peer_request.pk and again.is_open
    assert PeerComment.objects.filter(request=again).count() == 1


def test_only_the_owner_stops_asking(login_as, personas: Personas):
    peer_request = ask(personas)
    stop = request_url(peer_request, "assessment:peer-request-stop")
    assert login_as(personas.young_student).post(stop).status_code == 404
    peer_request.refresh_from_db()
    assert peer_request.is_open


def test_switching_off_closes_open_requests(login_as, personas: Personas):
    peer_request = ask(personas)
    setting = reverse("assessment:peer-group-setting", args=[personas.group.pk])
    response = login_as(personas.mentor).post(setting, {})
    assert response.status_code == 302
    peer_request.refresh_from_db()
    assert not peer_request.is_open
    assert login_as(personas.young_student).get(request_url(peer_request)).status_code == 404
    # Back on: the request stays closed until Sanne asks again.
    login_as(personas.mentor).post(setting, {"enabled": "on"})
    peer_request.refresh_from_db()
    assert not peer_request.is_open


def test_an_owner_who_left_the_group_is_no_longer_asked_about(login_as, personas: Personas):
    peer_request = ask(personas)
    GroupMembership.objects.filter(student=personas.student_record).delete()
    assert login_as(personas.young_student).get(request_url(peer_request)).status_code == 404


def test_the_author_deletes_their_own_comment_only(login_as, personas: Personas):
    peer_request = ask(personas)
    comment = peer_comment_add(
        request=peer_request, author=personas.young_student_record, tops="Top"
    )
    url = reverse("assessment:peer-comment-delete", args=[comment.public_id])
    assert login_as(personas.student).post(url).status_code == 404
    assert login_as(personas.other_student).post(url).status_code == 404
    assert PeerComment.objects.exists()
    assert login_as(personas.young_student).post(url).status_code == 302
    assert not PeerComment.objects.exists()


def test_guardians_see_peer_feedback_only_where_they_see_the_evidence(login_as, personas: Personas):
    peer_request = ask(personas)
    peer_comment_add(request=peer_request, author=personas.young_student_record, tips="Langzamer")
    client = login_as(personas.guardian)
    # By default Sanne shares evidence with her mentor only.
    assert client.get(assessment_url(personas)).status_code == 404
    sharing_set(student=personas.student_record, choices=[("evidence", "guardians")])
    page = client.get(assessment_url(personas))
    assert page.status_code == 200
    assert "Langzamer" in page.content.decode()
    # Mila's guardian has nothing to do with Sanne's work.
    assert login_as(personas.young_guardian).get(assessment_url(personas)).status_code == 404


def test_the_api_answers_visible_peer_feedback_with_first_names(client, login_as, personas):
    peer_request = ask(personas)
    comment = peer_comment_add(
        request=peer_request, author=personas.young_student_record, tops="Mooi", tips="Korter"
    )
    api = f"/api/v1/evidence/{personas.evidence.public_id}/assessment"
    data = login_as(personas.student).get(api).json()
    assert data["peer_feedback"] == [
        {
            "id": str(comment.public_id),
            "author": "Mila",
            "tops": "Mooi",
            "tips": "Korter",
            "created_at": data["peer_feedback"][0]["created_at"],
        }
    ]
    comment.hidden_at = comment.created_at
    comment.save()
    assert login_as(personas.student).get(api).json()["peer_feedback"] == []


def test_a_classmate_opens_the_photo_of_a_requested_piece(login_as, personas: Personas):
    peer_on(personas)
    photo = Evidence.objects.create(
        student=personas.student_record,
        kind=EvidenceKind.IMAGE,
        title="Poster",
        content_type="image/png",
    )
    photo.file.save("poster.png", ContentFile(b"\x89PNG\r\n\x1a\nnot-really"), save=True)
    peer_request = peer_request_open(evidence=photo, group=personas.group)
    url = request_url(peer_request, "assessment:peer-file")
    response = login_as(personas.young_student).get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "poster" not in response["Content-Disposition"]
    assert login_as(personas.other_student).get(url).status_code == 404
    # The text piece has no file.
    text_request = peer_request_open(evidence=personas.evidence, group=personas.group)
    assert (
        login_as(personas.young_student)
        .get(request_url(text_request, "assessment:peer-file"))
        .status_code
        == 404
    )


def test_the_list_for_classmates_takes_a_fixed_number_of_queries(login_as, personas: Personas):
    peer_on(personas)
    client = login_as(personas.young_student)

    def add_requests(count: int) -> None:
        for _n in range(count):
            classmate = StudentFactory.create(school=personas.school)
            add_to_group(classmate, personas.group)
            piece = Evidence.objects.create(
                student=classmate, kind=EvidenceKind.TEXT, title="Werkstuk", text="…"
            )
            peer_request = peer_request_open(evidence=piece, group=personas.group)
            peer_comment_add(request=peer_request, author=personas.young_student_record, tops="Ok")

    add_requests(1)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("assessment:peer-index"))
    add_requests(4)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("assessment:peer-index"))
    assert page.content.decode().count("Werkstuk") == 10  # listed and answered
    assert len(many) == len(few)


def test_students_find_requests_in_the_menu_once_peer_feedback_is_on(login_as, personas: Personas):
    client = login_as(personas.young_student)
    menu_link = f'href="{reverse("assessment:peer-index")}"'
    assert menu_link not in client.get(reverse("insight:home")).content.decode()
    peer_on(personas)
    assert menu_link in client.get(reverse("insight:home")).content.decode()

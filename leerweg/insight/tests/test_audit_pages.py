import pytest
from django.urls import reverse

from conftest import Personas, login
from leerweg.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def student_url(personas: Personas) -> str:
    return reverse("schools:student-detail", args=[personas.student_record.public_id])


def test_a_mentor_opening_a_student_page_is_recorded(client, personas: Personas):
    login(client, personas.mentor)
    client.get(student_url(personas))
    event = AuditEvent.objects.get()
    assert event.actor == personas.mentor
    assert event.subject_public_id == personas.student_record.public_id
    assert event.school_public_id == personas.school.public_id
    assert (event.action, event.what) == ("view", "student.detail")
    assert event.actor_role == "staff:mentor,teacher"


def test_a_group_list_records_one_event_per_student_shown(client, personas: Personas):
    login(client, personas.mentor)
    client.get(reverse("schools:group-detail", args=[personas.group.pk]))
    subjects = set(AuditEvent.objects.values_list("subject_public_id", flat=True))
    assert subjects == {
        personas.student_record.public_id,
        personas.young_student_record.public_id,
    }


def test_students_and_guardians_reading_their_own_data_are_not_recorded(client, personas: Personas):
    for user in (personas.student, personas.guardian):
        login(client, user)
        assert client.get(student_url(personas)).status_code == 200
    assert not AuditEvent.objects.exists()


def test_a_refused_look_is_not_recorded_as_a_look(client, personas: Personas):
    login(client, personas.other_teacher)
    assert client.get(student_url(personas)).status_code == 404
    assert not AuditEvent.objects.exists()


def test_a_16_year_old_sees_who_looked_at_her_data(client, personas: Personas):
    login(client, personas.mentor)
    client.get(student_url(personas))
    client.get(student_url(personas))
    login(client, personas.student)
    response = client.get(
        reverse("insight:audit-student", args=[personas.student_record.public_id])
    )
    rows = response.context["rows"]
    assert len(rows) == 1
    assert rows[0]["actor_name"] == "Ahmed El Amrani"
    assert rows[0]["times"] == 2


def test_the_guardian_of_a_14_year_old_sees_the_log_and_the_child_does_not(
    client, personas: Personas
):
    url = reverse("insight:audit-student", args=[personas.young_student_record.public_id])
    login(client, personas.young_guardian)
    assert client.get(url).status_code == 200
    login(client, personas.young_student)
    assert client.get(url).status_code == 403


def test_the_guardian_of_a_16_year_old_no_longer_sees_her_log(client, personas: Personas):
    login(client, personas.guardian)
    url = reverse("insight:audit-student", args=[personas.student_record.public_id])
    assert client.get(url).status_code == 403


def test_the_school_leader_browses_and_filters_the_trail(client, personas: Personas):
    login(client, personas.mentor)
    client.get(student_url(personas))
    client.get(reverse("schools:student-detail", args=[personas.young_student_record.public_id]))
    login(client, personas.leader)
    everything = client.get(reverse("insight:audit-school"))
    assert everything.context["page"].paginator.count == 2
    only_sanne = client.get(reverse("insight:audit-school"), {"student": "Sanne"})
    assert [e.student for e in only_sanne.context["page"]] == [personas.student_record]


def test_a_leader_never_sees_another_schools_trail(client, personas: Personas):
    login(client, personas.mentor)
    client.get(student_url(personas))
    login(client, personas.other_school_staff)
    response = client.get(reverse("insight:audit-school"))
    assert response.context["page"].paginator.count == 0


def test_impossible_dates_in_the_filter_give_a_field_error(client, personas: Personas):
    login(client, personas.leader)
    response = client.get(
        reverse("insight:audit-school"), {"since": "2026-05-01", "until": "2026-04-01"}
    )
    assert response.status_code == 200
    assert "until" in response.context["form"].errors
    garbage = client.get(reverse("insight:audit-school"), {"since": "not-a-date", "page": "x"})
    assert garbage.status_code == 200
    assert "since" in garbage.context["form"].errors

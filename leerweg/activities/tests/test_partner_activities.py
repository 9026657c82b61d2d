"""Partner-recorded activities on the timeline, hiding one activity, and the partner mark."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import Personas, login
from leerweg.accounts.tests.factories import UserFactory
from leerweg.activities.access import activities_visible_to
from leerweg.activities.models import Activity, HiddenActivity, Source
from leerweg.activities.services import (
    PartnerActivityInput,
    record_partner_activities,
    remove_statement_activities,
)
from leerweg.audit.models import AuditEvent
from leerweg.partners.tests.factories import PartnerOrganisationFactory
from leerweg.profiles.services import sharing_set
from leerweg.schools.selectors import school_role_contexts
from leerweg.schools.tests.factories import link_staff

pytestmark = pytest.mark.django_db


def role_of(user):
    return school_role_contexts(user)[0]


def timeline_url(personas: Personas) -> str:
    return reverse("activities:timeline", args=[personas.student_record.public_id])


def share_activities(personas: Personas, *audiences: str) -> None:
    sharing_set(
        student=personas.student_record,
        choices=[("activities", audience) for audience in audiences],
    )


def partner_activity(personas: Personas, **values: object) -> Activity:
    statement_id = uuid.uuid4()
    record_partner_activities(
        [
            PartnerActivityInput(
                student_id=personas.student_record.pk,
                partner_id=personas.partner_organisation.pk,
                statement_id=statement_id,
                title=str(values.get("title", "Zwemdiploma B")),
                started_on=timezone.localdate() - timedelta(days=3),
                area="sport",
                skills=("self_regulation", "not-a-skill"),
                organisation=personas.partner_organisation.name,
            )
        ]
    )
    return Activity.objects.get(statement_id=statement_id)


def plain_teacher(personas: Personas):
    teacher = UserFactory.create(username="docent.4h1", first_name="Bram", last_name="Vos")
    link_staff(teacher, personas.group, "teacher", subject="Aardrijkskunde")
    return teacher


def visible_titles(user, personas: Personas) -> set[str]:
    activities = activities_visible_to(user, role_of(user), personas.student_record)
    return set(activities.values_list("title", flat=True))


# --- Recording from statements ------------------------------------------------------------------


def test_partner_activities_are_recorded_once_per_statement(personas: Personas):
    activity = partner_activity(personas)
    assert (activity.source, activity.setting, activity.area) == (
        "partner",
        "out_of_school",
        "sport",
    )
    assert activity.skills == ["self_regulation"]
    assert activity.partner == personas.partner_organisation
    again = PartnerActivityInput(
        student_id=personas.student_record.pk,
        partner_id=personas.partner_organisation.pk,
        statement_id=activity.statement_id,  # type: ignore[arg-type]
        title="Anders",
        started_on=timezone.localdate(),
    )
    record_partner_activities([again])
    assert Activity.objects.filter(statement_id=activity.statement_id).count() == 1


def test_a_batch_is_one_insert(personas: Personas, django_assert_num_queries):
    rows = [
        PartnerActivityInput(
            student_id=personas.student_record.pk,
            partner_id=personas.partner_organisation.pk,
            statement_id=uuid.uuid4(),
            title=f"Training {number}",
            started_on=timezone.localdate(),
        )
        for number in range(20)
    ]
    with django_assert_num_queries(1):
        record_partner_activities(rows)


def test_removing_statements_removes_only_that_partners_activities(personas: Personas):
    activity = partner_activity(personas)
    other = PartnerOrganisationFactory.create(name="Bibliotheek Tiel")
    assert remove_statement_activities([activity.statement_id], partner_id=other.pk) == 0  # type: ignore[list-item]
    removed = remove_statement_activities(
        [str(activity.statement_id)], partner_id=personas.partner_organisation.pk
    )
    assert removed == 1
    assert not Activity.objects.filter(pk=activity.pk).exists()


def test_the_timeline_shows_who_recorded_an_activity_with_area_and_skills(
    client, personas: Personas
):
    partner_activity(personas)
    login(client, personas.student)
    response = client.get(timeline_url(personas))
    page = response.content.decode()
    assert "Zwemdiploma B" in page
    assert "VV De Toekomst" in page
    assert 'name="hidden_from"' in page
    assert "activiteiten/" in page and "/verbergen/" in page
    activity = response.context["page"][0]
    assert activity.skill_labels[0] in page
    assert activity.get_area_display() in page


# --- Hiding -------------------------------------------------------------------------------------


def test_hidden_from_teachers_a_plain_teacher_loses_sight_but_the_mentor_does_not(
    personas: Personas,
):
    teacher = plain_teacher(personas)
    share_activities(personas, "mentor_coach", "teachers")
    swimming = partner_activity(personas)
    HiddenActivity.objects.create(activity=swimming, audience="teachers")
    assert "Zwemdiploma B" not in visible_titles(teacher, personas)
    # The mentor also sees the timeline as mentor, which it is not hidden from.
    assert "Zwemdiploma B" in visible_titles(personas.mentor, personas)
    HiddenActivity.objects.create(activity=swimming, audience="mentor_coach")
    assert "Zwemdiploma B" not in visible_titles(personas.mentor, personas)
    # The student always sees everything.
    assert "Zwemdiploma B" in visible_titles(personas.student, personas)


def test_hidden_from_parents_the_guardian_loses_sight(personas: Personas):
    share_activities(personas, "guardians")
    swimming = partner_activity(personas)
    assert visible_titles(personas.guardian, personas) == {"Hockeytraining", "Zwemdiploma B"}
    HiddenActivity.objects.create(activity=swimming, audience="guardians")
    assert visible_titles(personas.guardian, personas) == {"Hockeytraining"}


def test_whoever_recorded_an_activity_keeps_seeing_it(personas: Personas):
    share_activities(personas, "mentor_coach")
    council = Activity.objects.create(
        student=personas.student_record,
        title="Leerlingenraad",
        setting="in_school",
        started_on=timezone.localdate(),
        source=Source.STAFF,
        recorded_by=personas.mentor,
    )
    HiddenActivity.objects.create(activity=council, audience="mentor_coach")
    HiddenActivity.objects.create(activity=council, audience="teachers")
    assert "Leerlingenraad" in visible_titles(personas.mentor, personas)


def test_the_student_hides_through_the_form_and_it_is_audited(client, personas: Personas):
    share_activities(personas, "teachers", "guardians")
    swimming = partner_activity(personas)
    login(client, personas.student)
    url = reverse("activities:hide", args=[swimming.public_id])
    response = client.post(url, {"hidden_from": ["teachers", "guardians"]})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#activity-{swimming.public_id}")
    assert set(swimming.hidden_from.values_list("audience", flat=True)) == {
        "teachers",
        "guardians",
    }
    client.post(url, {"hidden_from": ["guardians"]})
    assert set(swimming.hidden_from.values_list("audience", flat=True)) == {"guardians"}
    client.post(url, {})
    assert not swimming.hidden_from.exists()
    assert AuditEvent.objects.filter(what="activity.hide").count() == 3


def test_an_unknown_audience_is_refused_and_nothing_changes(client, personas: Personas):
    swimming = partner_activity(personas)
    login(client, personas.student)
    client.post(reverse("activities:hide", args=[swimming.public_id]), {"hidden_from": ["bestuur"]})
    assert not swimming.hidden_from.exists()


def test_only_the_student_hides(client, personas: Personas):
    swimming = partner_activity(personas)
    url = reverse("activities:hide", args=[swimming.public_id])
    login(client, personas.other_student)
    assert client.post(url, {"hidden_from": ["teachers"]}).status_code == 404
    login(client, personas.guardian)
    assert client.post(url, {"hidden_from": ["teachers"]}).status_code == 403
    assert not swimming.hidden_from.exists()


# --- Marking as validated by a partner ---------------------------------------------------------


def test_the_mentor_marks_a_students_activity_as_validated_by_a_partner(client, personas: Personas):
    share_activities(personas, "mentor_coach")
    hockey = personas.activity
    login(client, personas.mentor)
    page = client.get(timeline_url(personas)).content.decode()
    assert "VV De Toekomst" in page  # in the partner list
    url = reverse("activities:validate", args=[hockey.public_id])
    response = client.post(url, {"partner": str(personas.partner_organisation.public_id)})
    assert response.status_code == 302
    hockey.refresh_from_db()
    assert hockey.partner == personas.partner_organisation
    assert hockey.partner_validated_by == personas.mentor
    assert hockey.partner_validated_at is not None
    page = client.get(timeline_url(personas)).content.decode()
    assert "Ahmed El Amrani" in page
    client.post(reverse("activities:unvalidate", args=[hockey.public_id]))
    hockey.refresh_from_db()
    assert (hockey.partner, hockey.partner_validated_at) == (None, None)
    assert set(AuditEvent.objects.values_list("what", flat=True)) >= {
        "activity.partner-validate",
        "activity.partner-unvalidate",
    }


def test_a_partner_recorded_activity_is_validated_by_its_own_partner(client, personas: Personas):
    share_activities(personas, "teachers")
    swimming = partner_activity(personas)
    other = PartnerOrganisationFactory.create(name="Bibliotheek Tiel")
    login(client, personas.mentor)
    client.post(
        reverse("activities:validate", args=[swimming.public_id]), {"partner": str(other.public_id)}
    )
    swimming.refresh_from_db()
    assert swimming.partner == personas.partner_organisation
    assert swimming.partner_validated_at is not None
    # Undoing keeps the recording partner.
    client.post(reverse("activities:unvalidate", args=[swimming.public_id]))
    swimming.refresh_from_db()
    assert swimming.partner == personas.partner_organisation


def test_validating_needs_a_partner_from_the_list(client, personas: Personas):
    share_activities(personas, "mentor_coach")
    login(client, personas.mentor)
    url = reverse("activities:validate", args=[personas.activity.public_id])
    client.post(url, {"partner": str(uuid.uuid4())})
    personas.activity.refresh_from_db()
    assert personas.activity.partner_validated_at is None


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("mentor", 404),  # the timeline is not shared with them
        ("leader", 404),  # sees the student, does not teach them
        ("other_teacher", 404),
        ("student", 403),
        ("guardian", 403),
        ("partner_with_consent", 403),
    ],
)
def test_who_may_not_mark_an_activity(client, personas: Personas, who: str, status: int):
    login(client, personas.get(who))
    url = reverse("activities:validate", args=[personas.activity.public_id])
    response = client.post(url, {"partner": str(personas.partner_organisation.public_id)})
    assert response.status_code == status
    personas.activity.refresh_from_db()
    assert personas.activity.partner_validated_at is None


def test_a_teacher_cannot_mark_an_activity_hidden_from_them(client, personas: Personas):
    teacher = plain_teacher(personas)
    share_activities(personas, "teachers")
    HiddenActivity.objects.create(activity=personas.activity, audience="teachers")
    login(client, teacher)
    url = reverse("activities:validate", args=[personas.activity.public_id])
    response = client.post(url, {"partner": str(personas.partner_organisation.public_id)})
    assert response.status_code == 404


def test_the_portrait_leaves_out_what_is_hidden_from_the_viewer(client, personas: Personas):
    share_activities(personas, "guardians")
    url = reverse("insight:portrait", args=[personas.student_record.public_id])
    login(client, personas.guardian)
    assert "Hockeytraining" in client.get(url).content.decode()
    HiddenActivity.objects.create(activity=personas.activity, audience="guardians")
    assert "Hockeytraining" not in client.get(url).content.decode()

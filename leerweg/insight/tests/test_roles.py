import pytest
from django.urls import reverse

from conftest import Personas, login
from leerweg.accounts.roles import RoleKind
from leerweg.schools.tests.factories import link_guardian

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher_and_parent(personas: Personas):
    """The mentor of 4H1 is also the parent of Daan in 4H2."""
    link_guardian(personas.mentor, personas.other_student_record)
    return personas.mentor


def test_a_person_with_two_roles_acts_in_the_first_and_can_switch(
    client, personas: Personas, teacher_and_parent
):
    login(client, teacher_and_parent)
    home = client.get(reverse("insight:home"))
    assert home.context["active_role"].kind is RoleKind.STAFF
    assert {role.kind for role in home.context["roles"]} == {RoleKind.STAFF, RoleKind.GUARDIAN}

    response = client.post(reverse("insight:role-switch"), {"role": "guardian:0"})
    assert response.status_code == 302
    home = client.get(reverse("insight:home"))
    assert home.context["active_role"].kind is RoleKind.GUARDIAN
    assert [c["student"] for c in home.context["children"]] == [personas.other_student_record]


def test_as_guardian_the_teacher_no_longer_sees_their_group(
    client, personas: Personas, teacher_and_parent
):
    login(client, teacher_and_parent)
    client.post(reverse("insight:role-switch"), {"role": "guardian:0"})
    group_page = client.get(reverse("schools:group-detail", args=[personas.group.pk]))
    assert group_page.status_code == 403


def test_switching_to_a_role_one_does_not_hold_changes_nothing(client, personas: Personas):
    login(client, personas.mentor)
    school_b = personas.other_school.pk
    response = client.post(
        reverse("insight:role-switch"), {"role": f"staff:{school_b}"}, follow=True
    )
    assert response.context["active_role"].school_id == personas.school.pk
    assert "not available" in response.content.decode() or "niet beschikbaar" in (
        response.content.decode()
    )


def test_a_withdrawn_role_stops_working_at_once(client, personas: Personas):
    login(client, personas.leader)
    assert client.get(reverse("insight:audit-school")).status_code == 200
    personas.leader.staff_memberships.all().delete()
    assert client.get(reverse("insight:audit-school")).status_code == 403
    assert client.get(reverse("insight:home")).context["active_role"] is None


def test_each_role_gets_its_own_start_page(client, personas: Personas):
    expected = {
        personas.student: "insight/home_student.html",
        personas.guardian: "insight/home_guardian.html",
        personas.mentor: "insight/home_staff.html",
        personas.leader: "insight/home_staff.html",
        personas.board_viewer: "insight/home_board.html",
        personas.partner_with_consent: "insight/home_partner.html",
    }
    for user, template in expected.items():
        login(client, user)
        response = client.get(reverse("insight:home"))
        assert template in [t.name for t in response.templates], user.username


def test_settings_page_lists_every_role_of_a_person(client, personas: Personas):
    link_guardian(personas.mentor, personas.other_student_record)
    login(client, personas.mentor)
    roles = client.get(reverse("accounts:settings")).context["roles"]
    assert [role.kind for role in roles] == ["staff", "guardian"]

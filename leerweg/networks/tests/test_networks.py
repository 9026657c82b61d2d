"""Networks, members, meetings and the calendar: services, access and pages."""

from datetime import time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import Personas, login
from leerweg.accounts.tests.factories import UserFactory
from leerweg.core.access import NotFoundOrNotYours
from leerweg.core.ical import calendar_text, folded, text_value
from leerweg.networks import services
from leerweg.networks.access import access_meeting, access_network, has_networks
from leerweg.networks.models import DateOption, Meeting, NetworkMembership, NetworkRole
from leerweg.networks.tests.factories import join, make_facilitator, make_network
from leerweg.schools.tests.factories import grant_staff_role


@pytest.fixture
def facilitator(db):
    return make_facilitator()


@pytest.fixture
def network(facilitator, personas: Personas):
    network = make_network(facilitator)
    join(network, personas.school, personas.leader, facilitator)
    return network


def test_a_new_network_has_its_facilitator_and_five_meetings(facilitator):
    network = make_network(facilitator)
    membership = NetworkMembership.objects.get(network=network)
    assert (membership.user, membership.role) == (facilitator, NetworkRole.FACILITATOR)
    meetings = list(network.meetings.order_by("number"))
    assert [m.number for m in meetings] == [1, 2, 3, 4, 5]
    assert all(m.date is None for m in meetings)


def test_too_many_meetings_are_refused_and_nothing_is_stored(facilitator):
    with pytest.raises(ValidationError):
        make_network(facilitator, meetings=21)
    assert not NetworkMembership.objects.exists()


def test_a_school_is_represented_by_a_leader_plus_one_colleague(network, personas: Personas):
    member_school = network.schools.get()
    services.representative_add(
        member_school=member_school, user=personas.mentor, added_by=personas.leader
    )
    with pytest.raises(ValidationError):
        services.representative_add(
            member_school=member_school, user=personas.other_teacher, added_by=personas.leader
        )


def test_a_representative_must_work_at_the_school(network, facilitator, personas: Personas):
    with pytest.raises(ValidationError):
        services.network_school_add(
            network=network,
            school=personas.other_school,
            representative=personas.mentor,
            added_by=facilitator,
        )
    assert network.schools.count() == 1


def test_members_of_one_network_cannot_reach_another(network, personas: Personas):
    other_facilitator = make_facilitator("begeleider2")
    other = make_network(other_facilitator, name="Gelijke kansen")
    join(other, personas.other_school, personas.other_school_staff, other_facilitator)
    post = services.post_create(
        network=other, author=personas.other_school_staff, kind="post", title="Intern", body="x"
    )
    assert access_network(personas.leader, network.public_id) == network
    with pytest.raises(NotFoundOrNotYours):
        access_network(personas.leader, other.public_id)
    with pytest.raises(NotFoundOrNotYours):
        access_meeting(personas.leader, other.meetings.get(number=1).public_id)
    client = login(Client(), personas.leader)
    assert client.get(reverse("networks:post-detail", args=[post.public_id])).status_code == 404
    response = client.get(reverse("networks:post-list", args=[other.public_id]))
    assert response.status_code == 404
    response = client.post(
        reverse("networks:post-detail", args=[post.public_id]), {"body": "Ik lees mee"}
    )
    assert response.status_code == 404
    assert not post.replies.exists()


def test_a_member_proposes_and_the_facilitator_fixes_the_date(
    network, facilitator, personas: Personas
):
    meeting = network.meetings.get(number=2)
    day = timezone.localdate() + timedelta(days=20)
    client = login(Client(), personas.leader)
    response = client.post(
        reverse("networks:meeting-propose", args=[meeting.public_id]),
        {"date": day.isoformat(), "start_time": "13:00", "end_time": "16:00"},
    )
    assert response.status_code == 302
    option = DateOption.objects.get(meeting=meeting)
    fix_url = reverse("networks:meeting-fix", args=[meeting.public_id])
    assert client.post(fix_url, {"option": option.pk}).status_code == 403
    response = login(Client(), facilitator).post(fix_url, {"option": option.pk})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.date, meeting.start_time, meeting.date_fixed_by) == (
        day,
        time(13, 0),
        facilitator,
    )


def test_a_proposal_that_ends_before_it_starts_is_refused(network, personas: Personas):
    meeting = network.meetings.get(number=2)
    day = timezone.localdate() + timedelta(days=20)
    response = login(Client(), personas.leader).post(
        reverse("networks:meeting-propose", args=[meeting.public_id]),
        {"date": day.isoformat(), "start_time": "16:00", "end_time": "13:00"},
    )
    assert response.status_code == 400
    assert not DateOption.objects.exists()


def test_the_facilitator_keeps_attendance_and_minutes(network, facilitator, personas: Personas):
    meeting = network.meetings.get(number=1)
    client = login(Client(), facilitator)
    response = client.post(
        reverse("networks:meeting-attendance", args=[meeting.public_id]),
        {"present": [personas.leader.pk]},
    )
    assert response.status_code == 302
    assert list(meeting.attendees.all()) == [personas.leader]
    response = client.post(
        reverse("networks:meeting-edit", args=[meeting.public_id]),
        {
            "title": "Startbijeenkomst",
            "date": (timezone.localdate() + timedelta(days=7)).isoformat(),
            "start_time": "14:00",
            "end_time": "17:00",
            "host": network.schools.get().pk,
            "place": "",
            "agenda": "Kennismaken",
            "minutes": "<script>alert(1)</script> Goed gesprek.",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.date_fixed_by == facilitator
    assert meeting.place_text == personas.school.name
    page = login(Client(), personas.leader).get(
        reverse("networks:meeting-detail", args=[meeting.public_id])
    )
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in page.content
    assert b"<script>alert(1)" not in page.content


def test_someone_from_outside_cannot_be_marked_present(network, facilitator, personas: Personas):
    meeting = network.meetings.get(number=1)
    response = login(Client(), facilitator).post(
        reverse("networks:meeting-attendance", args=[meeting.public_id]),
        {"present": [personas.other_school_staff.pk]},
    )
    assert response.status_code == 400
    assert not meeting.attendees.exists()


def test_a_facilitator_without_a_school_role_sees_their_networks(network, facilitator):
    client = login(Client(), facilitator)
    home = client.get(reverse("insight:home"))
    assert network.name in home.content.decode()
    assert reverse("networks:network-list") in home.content.decode()
    assert client.get(reverse("networks:network-create")).status_code == 200


def test_the_facilitator_starts_a_network_and_adds_a_school(facilitator, personas: Personas):
    personas.leader.email = "leider@hetbaken.nl"
    personas.leader.save()
    make_network(facilitator)
    client = login(Client(), facilitator)
    response = client.post(
        reverse("networks:network-create"),
        {"name": "Flexrooster", "theme": "flex_timetables", "description": "", "meeting_count": 5},
    )
    assert response.status_code == 302
    network = facilitator.network_memberships.get(network__name="Flexrooster").network
    response = client.post(
        reverse("networks:member-school-add", args=[network.public_id]),
        {"brin": "12ab", "email": "LEIDER@hetbaken.nl"},
    )
    assert response.status_code == 302
    assert has_networks(personas.leader)
    response = client.post(
        reverse("networks:member-school-add", args=[network.public_id]),
        {"brin": "34CD", "email": "leider@hetbaken.nl"},
    )
    assert response.status_code == 400
    assert network.schools.count() == 1


def test_a_leader_adds_a_colleague_to_represent_the_school(network, personas: Personas):
    member_school = network.schools.get()
    url = reverse("networks:member-school-edit", args=[network.public_id, member_school.pk])
    client = login(Client(), personas.leader)
    assert client.post(url, {"user": personas.other_school_staff.pk}).status_code == 400
    assert client.post(url, {"user": personas.mentor.pk}).status_code == 302
    assert has_networks(personas.mentor)
    response = client.post(url, {"learning_question": "Hoe?", "ambition": "Alle leerlingen"})
    assert response.status_code == 302
    member_school.refresh_from_db()
    assert member_school.ambition == "Alle leerlingen"


def test_the_navigation_shows_networks_to_members_and_staff(network, personas: Personas):
    label = f'href="{reverse("networks:network-list")}"'
    assert label in login(Client(), personas.leader).get("/").content.decode()
    assert label not in login(Client(), personas.student).get("/").content.decode()
    outsider = UserFactory.create()
    assert label not in login(Client(), outsider).get("/").content.decode()


# --- The calendar -------------------------------------------------------------------------------


def test_ical_text_is_escaped_and_folded():
    assert text_value("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "DESCRIPTION:" + "é" * 80
    pieces = folded(line).split("\r\n")
    assert all(len(piece.encode()) <= 75 for piece in pieces)
    assert "".join(piece.removeprefix(" ") for piece in pieces) == line
    assert calendar_text(product="-//x//y//NL", name="N", events=[]).endswith("END:VCALENDAR\r\n")


def test_the_calendar_feed_lists_fixed_meetings_of_ones_networks(
    network, facilitator, personas: Personas
):
    meeting = Meeting.objects.get(network=network, number=1)
    meeting.date = timezone.localdate() + timedelta(days=3)
    meeting.start_time, meeting.end_time = time(9, 0), time(12, 0)
    meeting.place = "Aula; ingang B"
    meeting.save()
    client = login(Client(), personas.leader)
    response = client.post(reverse("networks:calendar-create"))
    url = response.context["url"]
    feed = Client().get(url)
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("text/calendar")
    text = feed.content.decode()
    assert text.count("BEGIN:VEVENT") == 1
    assert "LOCATION:Aula\\; ingang B" in text
    # Leaving the network takes its meetings out of the feed at once.
    NetworkMembership.objects.filter(user=personas.leader).delete()
    assert "BEGIN:VEVENT" not in Client().get(url).content.decode()
    client.post(reverse("networks:calendar-revoke"))
    assert Client().get(url).status_code == 404


def test_a_member_of_a_school_can_start_a_learning_area_only_for_their_school(
    personas: Personas,
):
    grant_staff_role(personas.mentor, personas.school, "teacher")
    with pytest.raises(ValidationError):
        services.area_create(
            name="Kunst",
            theme="art_culture",
            description="",
            school=personas.other_school,
            created_by=personas.mentor,
        )

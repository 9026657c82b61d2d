import uuid

import pytest
from django.urls import reverse

from conftest import Personas
from leerweg.audit.models import AuditEvent
from leerweg.core.access import NotFoundOrNotYours
from leerweg.flex.access import access_run, access_week, leads_school, sets_up_flex
from leerweg.flex.models import AllocationRun, FlexChoice, MandatoryAssignment, Placement, RunState
from leerweg.flex.runs import allocation_run_start
from leerweg.flex.tests.factories import flex_set_up, session_in
from leerweg.schools.selectors import school_role_contexts
from leerweg.schools.tests.factories import StudentFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def role_of(user):
    return school_role_contexts(user)[0]


@pytest.fixture
def flex(personas: Personas):
    set_up = flex_set_up(personas.school, min_per_week=1, max_per_week=2)
    debat = session_in(set_up.tuesday, personas.mentor, "Debat", capacity=1)
    lezen = session_in(set_up.tuesday, personas.mentor, "Lezen", capacity=3)
    session_in(set_up.thursday, personas.mentor, "Koken", capacity=3)
    for student in (personas.student_record, personas.other_student_record):
        for rank, session in enumerate((debat, lezen), start=1):
            FlexChoice.objects.create(
                student=student, week=set_up.week, slot=set_up.tuesday, session=session, rank=rank
            )
    return set_up


def _start(client, flex, capture, objective="convex"):
    url = reverse("flex:run-start", args=[flex.week.iso_year, flex.week.iso_week])
    with capture(execute=True):
        response = client.post(url, {"objective": objective})
    return response


def test_the_leader_runs_the_allocation_and_reads_the_report(
    login_as, personas: Personas, flex, django_capture_on_commit_callbacks
):
    client = login_as(personas.leader)
    page = client.get(reverse("flex:run-list", args=[flex.week.iso_year, flex.week.iso_week]), **EN)
    assert page.status_code == 200
    assert "Protect the worst-off" in page.content.decode()
    response = _start(client, flex, django_capture_on_commit_callbacks)
    run = AllocationRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("flex:run-detail", args=[run.public_id])
    report = client.get(response["Location"], **EN)
    html = report.content.decode()
    assert report.status_code == 200
    assert run.state == RunState.QUEUED or AllocationRun.objects.get().state == RunState.DONE
    assert "Compared with first come, first served" in html
    assert "Sanne de Vries" in html
    assert 'role="img"' in html and "<title" in html
    assert "<progress" in html
    assert 'hx-trigger="every 1s"' not in html
    assert AuditEvent.objects.filter(what="flex.run").exists()


def test_a_queued_run_polls_its_progress(login_as, personas: Personas, flex):
    client = login_as(personas.leader)
    url = reverse("flex:run-start", args=[flex.week.iso_year, flex.week.iso_week])
    client.post(url, {"objective": "rank-maximal"})  # the task waits for a commit
    run = AllocationRun.objects.get()
    assert run.state == RunState.QUEUED
    page = client.get(reverse("flex:run-detail", args=[run.public_id]))
    assert 'hx-trigger="every 1s"' in page.content.decode()
    fragment = client.get(
        reverse("flex:run-progress", args=[run.public_id]), HTTP_HX_REQUEST="true"
    )
    assert fragment.status_code == 200
    assert "HX-Refresh" not in fragment


def test_a_finished_run_asks_the_polling_page_to_reload(
    login_as, personas: Personas, flex, django_capture_on_commit_callbacks
):
    client = login_as(personas.leader)
    _start(client, flex, django_capture_on_commit_callbacks)
    run = AllocationRun.objects.get()
    fragment = client.get(
        reverse("flex:run-progress", args=[run.public_id]), HTTP_HX_REQUEST="true"
    )
    assert fragment["HX-Refresh"] == "true"


def test_an_unknown_objective_is_a_form_error(login_as, personas: Personas, flex):
    client = login_as(personas.leader)
    url = reverse("flex:run-start", args=[flex.week.iso_year, flex.week.iso_week])
    assert client.post(url, {"objective": "lottery"}).status_code == 400
    assert not AllocationRun.objects.exists()


def test_move_and_publish_through_the_pages(
    login_as, personas: Personas, flex, django_capture_on_commit_callbacks, settings
):
    settings.LANGUAGE_CODE = "en"
    client = login_as(personas.leader)
    _start(client, flex, django_capture_on_commit_callbacks)
    run = AllocationRun.objects.get()
    chose = [personas.student_record, personas.other_student_record]
    in_debat = Placement.objects.get(run=run, session__title="Debat")
    in_lezen = Placement.objects.get(run=run, session__title="Lezen", student__in=chose)
    move = reverse("flex:run-move", args=[run.public_id])
    refused = client.post(
        move,
        {"student": in_lezen.student.public_id, "session": in_debat.session.public_id},
        follow=True,
    )
    assert "more students than places" in refused.content.decode()
    assert Placement.objects.get(pk=in_lezen.pk).session_id == in_lezen.session_id
    moved = client.post(
        move, {"student": in_debat.student.public_id, "session": in_lezen.session.public_id}
    )
    assert moved.status_code == 302
    assert Placement.objects.get(pk=in_debat.pk).source == "moved"
    publish = reverse("flex:run-publish", args=[run.public_id])
    assert client.get(publish).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(publish).status_code == 302
    again = client.post(publish)
    assert again.status_code == 400
    assert "already been published" in again.content.decode()


def test_infeasible_set_up_is_shown_with_names(
    login_as, personas: Personas, flex, django_capture_on_commit_callbacks, settings
):
    settings.LANGUAGE_CODE = "en"
    klein = session_in(flex.tuesday, personas.mentor, "Klein", capacity=1)
    for student in (personas.student_record, personas.other_student_record):
        MandatoryAssignment.objects.create(
            student=student,
            week=flex.week,
            slot=flex.tuesday,
            session=klein,
            reason="Extra",
            set_by=personas.mentor,
        )
    client = login_as(personas.leader)
    response = _start(client, flex, django_capture_on_commit_callbacks)
    html = client.get(response["Location"]).content.decode()
    assert "More students must attend this session than it has places." in html
    assert "Sanne de Vries" in html and "Daan Bakker" in html and "Klein" in html
    assert "Publish" not in html


@pytest.mark.parametrize("who", ["mentor", "other_teacher", "student"])
def test_others_than_leaders_and_administrators_are_refused(
    login_as, personas: Personas, flex, who
):
    client = login_as(personas.get(who))
    url = reverse("flex:run-list", args=[flex.week.iso_year, flex.week.iso_week])
    assert client.get(url).status_code == 403


def test_a_school_administrator_allocates_moves_and_publishes(
    login_as, personas: Personas, flex, django_capture_on_commit_callbacks
):
    client = login_as(personas.school_admin)
    page = client.get(reverse("flex:run-list", args=[flex.week.iso_year, flex.week.iso_week]))
    assert page.status_code == 200
    response = _start(client, flex, django_capture_on_commit_callbacks)
    run = AllocationRun.objects.get()
    assert run.started_by == personas.school_admin
    assert client.get(response["Location"]).status_code == 200
    in_debat = Placement.objects.get(run=run, session__title="Debat")
    lezen = Placement.objects.filter(run=run, session__title="Lezen")[0].session
    moved = client.post(
        reverse("flex:run-move", args=[run.public_id]),
        {"student": in_debat.student.public_id, "session": lezen.public_id},
    )
    assert moved.status_code == 302
    assert Placement.objects.get(pk=in_debat.pk).moved_by == personas.school_admin
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("flex:run-publish", args=[run.public_id])).status_code == 302
    run.refresh_from_db()
    assert run.published_by == personas.school_admin


def test_one_rule_decides_who_sets_up_and_allocates(personas: Personas, flex):
    run = allocation_run_start(week=flex.week, started_by=personas.leader)  # stays queued
    year, week = flex.week.iso_year, flex.week.iso_week
    for who in ("leader", "school_admin"):
        role = role_of(personas.get(who))
        assert sets_up_flex(role)
        assert access_run(role, run.public_id) == run
        assert access_week(role, year, week) == flex.week
    for who in ("mentor", "other_teacher", "student"):
        role = role_of(personas.get(who))
        assert not sets_up_flex(role)
        with pytest.raises(NotFoundOrNotYours):
            access_run(role, run.public_id)
        with pytest.raises(NotFoundOrNotYours):
            access_week(role, year, week)
    # Administrators allocate, but the say over every session stays with the leaders.
    assert leads_school(role_of(personas.leader))
    assert not leads_school(role_of(personas.school_admin))


def test_another_schools_leader_gets_404_for_a_run(
    login_as, personas: Personas, flex, django_capture_on_commit_callbacks
):
    _start(login_as(personas.leader), flex, django_capture_on_commit_callbacks)
    run = AllocationRun.objects.get()
    client = login_as(personas.other_school_staff)
    for name in ("flex:run-detail", "flex:run-progress", "flex:run-publish"):
        assert client.get(reverse(name, args=[run.public_id])).status_code == 404
    assert client.post(reverse("flex:run-publish", args=[run.public_id])).status_code == 404
    assert client.get(reverse("flex:run-detail", args=[uuid.uuid4()])).status_code == 404
    assert (
        login_as(personas.leader).get(reverse("flex:run-list", args=[2026, 60])).status_code == 404
    )


def test_the_report_shows_fairness_over_published_weeks(
    login_as, personas: Personas, flex, django_capture_on_commit_callbacks, settings
):
    settings.LANGUAGE_CODE = "en"
    client = login_as(personas.leader)
    _start(client, flex, django_capture_on_commit_callbacks)
    run = AllocationRun.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("flex:run-publish", args=[run.public_id]))
    html = client.get(reverse("flex:run-detail", args=[run.public_id])).content.decode()
    assert "Share of first choices per published week" in html
    assert html.count('role="img"') == 3
    assert f'<th scope="row">{flex.week.iso_week}</th>' in html
    assert "Publish</a>" not in html


def test_re_solving_through_the_page(
    login_as, personas: Personas, flex, django_capture_on_commit_callbacks
):
    client = login_as(personas.leader)
    _start(client, flex, django_capture_on_commit_callbacks)
    run = AllocationRun.objects.get()
    chose = [personas.student_record, personas.other_student_record]
    in_debat = Placement.objects.get(run=run, session__title="Debat")
    in_lezen = Placement.objects.get(run=run, session__title="Lezen", student__in=chose)
    response = client.post(
        reverse("flex:run-move", args=[run.public_id]),
        {
            "student": in_lezen.student.public_id,
            "session": in_debat.session.public_id,
            "resolve": "on",
        },
    )
    assert response.status_code == 302
    assert Placement.objects.get(run=run, session__title="Debat").student == in_lezen.student


def test_a_student_finds_their_placements_from_the_week_list(
    login_as, personas: Personas, flex, django_capture_on_commit_callbacks, settings
):
    settings.LANGUAGE_CODE = "en"
    student = login_as(personas.student)
    week_list = reverse("flex:week-list", args=[personas.student_record.public_id])
    schedule = reverse("flex:schedule", args=[personas.student_record.public_id])
    link = f'href="{schedule}#week-{flex.week.pk}"'
    assert link not in student.get(week_list).content.decode()
    leader = login_as(personas.leader)
    _start(leader, flex, django_capture_on_commit_callbacks)
    run = AllocationRun.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        leader.post(reverse("flex:run-publish", args=[run.public_id]))
    html = login_as(personas.student).get(week_list).content.decode()
    assert link in html
    assert f"See where you go in week {flex.week.iso_week}" in html
    assert f'id="week-{flex.week.pk}"' in login_as(personas.student).get(schedule).content.decode()


def test_a_move_names_a_student_and_session_of_the_school_or_is_a_404(
    login_as, personas: Personas, flex, django_capture_on_commit_callbacks
):
    client = login_as(personas.leader)
    _start(client, flex, django_capture_on_commit_callbacks)
    run = AllocationRun.objects.get()
    debat = Placement.objects.get(run=run, session__title="Debat").session
    stranger = StudentFactory.create(school=personas.other_school)
    move = reverse("flex:run-move", args=[run.public_id])
    for student_id, session_id in (
        (stranger.public_id, debat.public_id),
        (personas.student_record.public_id, uuid.uuid4()),
    ):
        response = client.post(move, {"student": student_id, "session": session_id})
        assert response.status_code == 404
    assert not Placement.objects.filter(run=run, source="moved").exists()

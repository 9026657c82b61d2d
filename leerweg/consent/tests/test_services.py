from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import Personas
from leerweg.accounts.roles import RoleKind
from leerweg.audit.models import AuditEvent
from leerweg.consent import selectors, services
from leerweg.consent.access import access_consent_student, deciding_as, sees_consents
from leerweg.consent.codes import code_digest, normalise_code
from leerweg.consent.models import (
    ActingAs,
    ConsentGrant,
    LinkCode,
    PartnerLink,
    Purpose,
    RedemptionFailure,
)
from leerweg.consent.tests.conftest import born_years_ago, role_of
from leerweg.core.access import NotFoundOrNotYours
from leerweg.notifications.models import Notification
from leerweg.partners.models import PartnerOrganisation
from leerweg.schools.models import Student

pytestmark = pytest.mark.django_db


def music_school(personas: Personas) -> PartnerOrganisation:
    return personas.partner_without_consent.partner_memberships.get().organisation


def make_code(personas: Personas, student: Student | None = None, **kwargs) -> tuple[LinkCode, str]:
    student = student or personas.student_record
    by = personas.student if student == personas.student_record else personas.young_guardian
    acting_as = ActingAs.STUDENT if by == personas.student else ActingAs.GUARDIAN
    return services.link_code_create(
        student=student,
        partner=kwargs.pop("partner", music_school(personas)),
        purposes=kwargs.pop("purposes", [Purpose.RECORD, Purpose.VIEW]),
        created_by=by,
        acting_as=acting_as,
    )


def redeem(personas: Personas, code: str, label: str = "Lid 12") -> PartnerLink:
    return services.link_code_redeem(
        partner=music_school(personas),
        typed_code=code,
        label=label,
        redeemed_by=personas.partner_without_consent,
    )


# --- Who decides ------------------------------------------------------------------------------


def test_from_16_the_student_decides_and_the_guardian_does_not(personas: Personas):
    sanne = personas.student_record
    assert deciding_as(personas.student, role_of(personas.student, RoleKind.STUDENT), sanne) == (
        ActingAs.STUDENT
    )
    assert (
        deciding_as(personas.guardian, role_of(personas.guardian, RoleKind.GUARDIAN), sanne) is None
    )
    assert not sees_consents(role_of(personas.guardian, RoleKind.GUARDIAN), sanne)


def test_under_16_the_guardian_decides_and_the_student_only_reads(personas: Personas):
    mila = personas.young_student_record
    student_role = role_of(personas.young_student, RoleKind.STUDENT)
    guardian_role = role_of(personas.young_guardian, RoleKind.GUARDIAN)
    assert deciding_as(personas.young_student, student_role, mila) is None
    assert sees_consents(student_role, mila)
    assert deciding_as(personas.young_guardian, guardian_role, mila) == ActingAs.GUARDIAN


@pytest.mark.parametrize(
    ("days_until_birthday", "student_decides"), [(0, True), (1, False)], ids=["on", "day-before"]
)
def test_the_16th_birthday_moves_the_decision_from_guardian_to_student(
    personas: Personas, days_until_birthday: int, student_decides: bool
):
    mila = personas.young_student_record
    mila.date_of_birth = born_years_ago(16, days_later=days_until_birthday)
    mila.save()
    student_role = role_of(personas.young_student, RoleKind.STUDENT)
    guardian_role = role_of(personas.young_guardian, RoleKind.GUARDIAN)
    by_student = deciding_as(personas.young_student, student_role, mila)
    by_guardian = deciding_as(personas.young_guardian, guardian_role, mila)
    assert (by_student is not None) is student_decides
    assert (by_guardian is not None) is not student_decides


def test_a_guardian_of_another_child_and_other_roles_do_not_reach_the_student(personas: Personas):
    mila_id = personas.young_student_record.public_id
    with pytest.raises(NotFoundOrNotYours):
        access_consent_student(
            personas.guardian, role_of(personas.guardian, RoleKind.GUARDIAN), mila_id
        )
    staff_role = role_of(personas.other_school_staff, RoleKind.STAFF)
    with pytest.raises(NotFoundOrNotYours):
        access_consent_student(personas.other_school_staff, staff_role, mila_id)
    # Not even the student's own school leader: consent is between family and partner.
    with pytest.raises(NotFoundOrNotYours):
        access_consent_student(personas.leader, role_of(personas.leader, RoleKind.STAFF), mila_id)


def test_guardian_consent_stays_valid_after_the_16th_birthday_until_the_student_changes_it(
    personas: Personas,
):
    mila = personas.young_student_record
    _code, code = make_code(personas, student=mila)
    link = redeem(personas, code)
    mila.date_of_birth = born_years_ago(16)
    mila.save()
    assert selectors.has_consent(mila.pk, link.partner_id, Purpose.RECORD)
    assert selectors.has_open_guardian_consent(mila)
    services.consent_withdraw(
        student=mila,
        partner=link.partner,
        purposes=[Purpose.RECORD],
        withdrawn_by=personas.young_student,
        acting_as=ActingAs.STUDENT,
    )
    assert not selectors.has_consent(mila.pk, link.partner_id, Purpose.RECORD)
    assert selectors.has_consent(mila.pk, link.partner_id, Purpose.VIEW)


# --- Codes ------------------------------------------------------------------------------------


def test_only_a_digest_of_the_code_is_stored(personas: Personas):
    link_code, code = make_code(personas)
    stored = LinkCode.objects.filter(pk=link_code.pk).values().get()
    assert code not in str(stored)
    assert stored["digest"] == code_digest(code, services.code_key())
    assert link_code.expires_at - link_code.created_at == pytest.approx(
        timedelta(days=14), abs=timedelta(seconds=5)
    )


def test_redeeming_links_with_a_fresh_pseudonym_and_the_consents_of_the_code(personas: Personas):
    link_code, code = make_code(personas, purposes=[Purpose.RECORD])
    link = redeem(personas, code.lower(), label="  Sanne (lid 12)  ")
    sanne = personas.student_record
    assert link.partner_label == "Sanne (lid 12)"
    assert len(link.pseudonym) == 22
    assert link.pseudonym != sannes_link(personas).pseudonym  # one per partner
    assert sanne.public_id.hex[:8] not in link.pseudonym
    assert selectors.has_consent(sanne.pk, link.partner_id, Purpose.RECORD)
    assert not selectors.has_consent(sanne.pk, link.partner_id, Purpose.VIEW)
    grant = ConsentGrant.objects.get(student=sanne, partner=link.partner)
    assert (grant.granted_by, grant.granted_as) == (personas.student, ActingAs.STUDENT)
    link_code.refresh_from_db()
    assert link_code.redeemed_by == personas.partner_without_consent and link_code.link == link


def test_a_code_works_once(personas: Personas):
    _code, code = make_code(personas)
    redeem(personas, code)
    with pytest.raises(ValidationError, match="already been used"):
        redeem(personas, code)
    assert PartnerLink.objects.filter(partner=music_school(personas)).count() == 1


def test_an_expired_code_is_refused_and_stores_nothing(personas: Personas):
    link_code, code = make_code(personas)
    LinkCode.objects.filter(pk=link_code.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    with pytest.raises(ValidationError, match="expired"):
        redeem(personas, code)
    assert not PartnerLink.objects.filter(partner=music_school(personas)).exists()
    assert not ConsentGrant.objects.filter(partner=music_school(personas)).exists()


def test_a_code_for_another_partner_is_unknown_to_this_one(personas: Personas):
    _code, code = make_code(personas)
    with pytest.raises(ValidationError, match="not known"):
        services.link_code_redeem(
            partner=personas.partner_organisation,
            typed_code=code,
            label="x",
            redeemed_by=personas.partner_with_consent,
        )


def test_a_new_code_cancels_the_open_one_and_a_cancelled_code_is_refused(personas: Personas):
    _first, first_code = make_code(personas)
    _second, second_code = make_code(personas)
    with pytest.raises(ValidationError, match="cancelled"):
        redeem(personas, first_code)
    assert redeem(personas, second_code)


def test_no_code_for_a_partner_that_is_already_linked(personas: Personas):
    with pytest.raises(ValidationError, match="already linked"):
        make_code(personas, partner=personas.partner_organisation)


def test_wrong_codes_are_throttled_per_partner_user(personas: Personas):
    _code, code = make_code(personas)
    for _ in range(services.MAX_FAILED_REDEMPTIONS):
        with pytest.raises(ValidationError, match="not known"):
            redeem(personas, "AAAA-AAAA")
    with pytest.raises(ValidationError, match="Too many codes"):
        redeem(personas, code)  # even the right code waits
    assert not PartnerLink.objects.filter(partner=music_school(personas)).exists()
    # Another partner user is not held up by these failures.
    with pytest.raises(ValidationError, match="not known"):
        services.link_code_redeem(
            partner=personas.partner_organisation,
            typed_code="BBBB-BBBB",
            label="x",
            redeemed_by=personas.partner_with_consent,
        )
    # After an hour the oldest failures no longer count.
    RedemptionFailure.objects.update(attempted_at=timezone.now() - timedelta(hours=1, minutes=1))
    assert redeem(personas, code)


def test_redeeming_notifies_the_one_who_decides_and_writes_the_audit_trail(personas: Personas):
    mila = personas.young_student_record
    _code, code = make_code(personas, student=mila)
    redeem(personas, code)
    notification = Notification.objects.get(recipient=personas.young_guardian)
    assert "Muziekschool Klank" in notification.text and "Mila" in notification.text
    assert notification.link == f"/toestemming/{mila.public_id}/"
    assert not Notification.objects.filter(recipient=personas.young_student).exists()
    whats = set(
        AuditEvent.objects.filter(subject_public_id=mila.public_id).values_list(
            "what", "actor_role"
        )
    )
    assert ("consent.link_code", "guardian") in whats
    assert ("consent.link", "partner") in whats


# --- Consent ----------------------------------------------------------------------------------


def sannes_link(personas: Personas) -> PartnerLink:
    return PartnerLink.objects.select_related("student__school", "partner").get(
        student=personas.student_record, partner=personas.partner_organisation
    )


def test_withdrawing_keeps_the_history_and_giving_again_opens_a_new_row(personas: Personas):
    link = sannes_link(personas)
    sanne = personas.student_record
    withdrawn = services.consent_withdraw(
        student=sanne,
        partner=link.partner,
        purposes=[Purpose.RECORD],
        withdrawn_by=personas.student,
        acting_as=ActingAs.STUDENT,
    )
    assert withdrawn == 1
    assert not selectors.has_consent(sanne.pk, link.partner_id, Purpose.RECORD)
    services.consent_give(
        link=link, purpose=Purpose.RECORD, given_by=personas.student, acting_as=ActingAs.STUDENT
    )
    services.consent_give(
        link=link, purpose=Purpose.RECORD, given_by=personas.student, acting_as=ActingAs.STUDENT
    )
    rows = ConsentGrant.objects.filter(student=sanne, partner=link.partner, purpose=Purpose.RECORD)
    assert rows.count() == 2
    assert rows.filter(withdrawn_at=None).count() == 1
    events = [entry.event for entry in selectors.consent_history(sanne)]
    assert events.count("withdrawn") == 1 and events.count("given") == 3
    assert AuditEvent.objects.filter(what="consent.record.withdraw").count() == 1
    assert AuditEvent.objects.filter(what="consent.record.give").count() == 1


def test_ending_a_link_withdraws_all_consent_and_frees_the_partner_for_a_new_link(
    personas: Personas,
):
    link = sannes_link(personas)
    sanne = personas.student_record
    assert services.partner_link_end(
        link=link, ended_by=personas.student, acting_as=ActingAs.STUDENT
    )
    assert not services.partner_link_end(
        link=link, ended_by=personas.student, acting_as=ActingAs.STUDENT
    )
    assert not ConsentGrant.objects.filter(student=sanne, withdrawn_at=None).exists()
    assert ConsentGrant.objects.filter(student=sanne, withdrawn_by=personas.student).count() == 2
    assert selectors.consenting_students(link.partner_id, {link.pseudonym}, Purpose.RECORD) == {}
    with pytest.raises(ValidationError):
        services.consent_give(
            link=link, purpose=Purpose.VIEW, given_by=personas.student, acting_as=ActingAs.STUDENT
        )
    _code, code = make_code(personas, partner=personas.partner_organisation)
    new_link = services.link_code_redeem(
        partner=personas.partner_organisation,
        typed_code=code,
        label="Sanne",
        redeemed_by=personas.partner_with_consent,
    )
    assert new_link.pseudonym != link.pseudonym


# --- Selectors for the LRS --------------------------------------------------------------------


def test_the_lrs_selectors_answer_in_one_query_each(personas: Personas, settings):
    settings.LEERWEG_BASE_URL = "https://leerweg.example"
    link = sannes_link(personas)
    partner_id, sanne_id = link.partner_id, personas.student_record.pk
    with CaptureQueriesContext(connection) as queries:
        assert selectors.has_consent(sanne_id, partner_id, Purpose.VIEW)
        assert selectors.consenting_students(partner_id, {link.pseudonym, "x"}, "record") == {
            link.pseudonym: sanne_id
        }
        assert list(selectors.consenting_student_ids(partner_id, "view")) == [sanne_id]
        assert selectors.xapi_account_home_page() == "https://leerweg.example/partner/"
    assert len(queries) == 3


def test_a_partner_finds_only_its_own_pseudonyms(personas: Personas):
    link = sannes_link(personas)
    other = music_school(personas)
    assert selectors.consenting_students(other.pk, {link.pseudonym}, Purpose.RECORD) == {}
    assert not selectors.has_consent(personas.student_record.pk, other.pk, Purpose.RECORD)
    assert list(selectors.links_of_partner(other)) == []


def test_normalised_codes_match_what_was_stored(personas: Personas):
    _code, code = make_code(personas)
    normal = normalise_code(code)
    assert normal is not None
    assert LinkCode.objects.filter(digest=code_digest(normal, services.code_key())).exists()

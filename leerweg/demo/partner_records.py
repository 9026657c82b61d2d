"""Learning outside school in the demo: the demo partner is linked to the demo student and records.

The demo student is linked to the organisation of the demo partner login,
with consent to record and to view, given by herself from 16 and otherwise by
her parent. The partner's membership system has an xAPI key and has sent a few
statements through the LRS: a training and a tournament reach her timeline,
a launched lesson does not. Made once: a demo student who already has a link
to that partner is left alone.
"""

from datetime import date, timedelta

from leerweg.consent.codes import new_pseudonym
from leerweg.consent.models import ActingAs, ConsentGrant, PartnerLink, Purpose
from leerweg.consent.selectors import xapi_account_home_page
from leerweg.demo.blueprint import demo_uuid
from leerweg.demo.logins import DemoUsername
from leerweg.lrs.auth import Caller, authority_for
from leerweg.lrs.credentials import create_credential, store_for_partner
from leerweg.lrs.services import store_statements
from leerweg.lrs.xapi.versions import XapiVersion
from leerweg.partners.models import PartnerUser
from leerweg.schools.models import Student

ADL_VERB = "http://adlnet.gov/expapi/verbs/"
ADL_TYPE = "http://adlnet.gov/expapi/activities/"
# (days ago, verb, activity path, Dutch name, activity type)
RECORDS = (
    (40, "attended", "trainingen/dinsdag", "Training onder 17", "meeting"),
    (12, "completed", "toernooien/najaar", "Najaarstoernooi", "performance"),
    (5, "launched", "lessen/warming-up", "Warming-up video", "media"),
)


def partner_records_demo_create(*, today: date) -> None:
    student = Student.objects.filter(user__username=DemoUsername.STUDENT).first()
    membership = (
        PartnerUser.objects.filter(user__username=DemoUsername.PARTNER)
        .select_related("organisation", "user")
        .first()
    )
    if student is None or membership is None:
        return
    partner = membership.organisation
    if PartnerLink.objects.filter(student=student, partner=partner).exists():
        return
    decider, acting_as = student.user, ActingAs.STUDENT
    if student.age(today) < 16:
        guardian = student.guardian_links.select_related("guardian").first()
        if guardian is None:
            return
        decider, acting_as = guardian.guardian, ActingAs.GUARDIAN
    link = PartnerLink.objects.create(
        student=student,
        partner=partner,
        pseudonym=new_pseudonym(),
        partner_label="Lid 1042",
        linked_by=decider,
    )
    for purpose in (Purpose.RECORD, Purpose.VIEW):
        ConsentGrant.objects.create(
            student=student,
            partner=partner,
            purpose=purpose,
            granted_at=link.linked_at,
            granted_by=decider,
            granted_as=acting_as,
        )
    credential, _secret = create_credential(
        store_for_partner(partner), "Ledenadministratie", membership.user
    )
    caller = Caller(
        credential_id=credential.pk,
        store_id=credential.store_id,
        partner_id=partner.pk,
        authority=authority_for(credential),
        partner_name=partner.name,
        partner_kind=partner.kind,
    )
    actor = {"account": {"homePage": xapi_account_home_page(), "name": link.pseudonym}}
    statements = [
        {
            "id": str(demo_uuid("xapi", f"{partner.public_id}/{path}")),
            "actor": actor,
            "verb": {"id": ADL_VERB + verb},
            "object": {
                "id": f"https://{partner.name.lower().replace(' ', '-')}.example/{path}",
                "definition": {"name": {"nl": name}, "type": ADL_TYPE + kind},
            },
            "timestamp": f"{today - timedelta(days=days_ago)}T19:00:00+01:00",
        }
        for days_ago, verb, path, name, kind in RECORDS
    ]
    store_statements(caller, XapiVersion.V2_0_0, statements, {})

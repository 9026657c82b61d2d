import pytest
from django.core.management import call_command
from django.utils import timezone

from leerweg.activities.models import Activity, Source
from leerweg.consent.models import ConsentGrant, PartnerLink
from leerweg.demo import DemoUsername
from leerweg.demo.partner_records import partner_records_demo_create
from leerweg.lrs.models import Credential, Statement
from leerweg.schools.models import Student


@pytest.mark.django_db
def test_the_demo_partner_is_linked_records_and_a_second_load_adds_nothing():
    call_command("demo", size="small", quiet=True, force=True)
    partner_records_demo_create(today=timezone.localdate())

    student = Student.objects.get(user__username=DemoUsername.STUDENT)
    link = PartnerLink.objects.get(student=student)
    assert link.partner.members.filter(user__username=DemoUsername.PARTNER).exists()
    assert ConsentGrant.objects.filter(student=student, withdrawn_at=None).count() == 2
    assert Credential.objects.filter(store__partner=link.partner).count() == 1
    assert Statement.objects.filter(student=student).count() == 3
    on_timeline = Activity.objects.filter(student=student, source=Source.PARTNER)
    assert set(on_timeline.values_list("title", flat=True)) == {
        "Training onder 17",
        "Najaarstoernooi",
    }

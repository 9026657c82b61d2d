"""The demo's learning network."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from leerweg.demo.networks import FACILITATOR, NETWORK_NAME, networks_demo_create
from leerweg.networks.models import Meeting, Network, Practice
from leerweg.schools.models import Board


@pytest.mark.django_db
def test_the_demo_has_a_network_with_five_meetings_made_once():
    call_command("demo", size="small", quiet=True, force=True)
    network = Network.objects.get(name=NETWORK_NAME)
    assert network.created_by is not None and network.created_by.username == FACILITATOR
    board = Board.objects.get()
    assert network.schools.count() == board.schools.count()
    meetings = Meeting.objects.filter(network=network)
    assert meetings.count() == 5
    assert meetings.filter(date__isnull=False).count() == 3
    assert network.posts.get().replies.count() == 1
    assert Practice.objects.filter(network=network, published_at__isnull=False).count() == 1
    assert networks_demo_create(board=board, today=timezone.localdate()) is None
    assert Network.objects.count() == 1

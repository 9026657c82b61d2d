"""Networks, members and what they share, for tests and the URL matrix."""

import io
from datetime import time, timedelta
from uuid import UUID

from django.utils import timezone

from leerweg.accounts.models import User
from leerweg.accounts.tests.factories import UserFactory
from leerweg.assessment.tests.factories import make_rubric
from leerweg.networks import services
from leerweg.networks.models import (
    AreaMaterial,
    AreaRubric,
    DateOption,
    LearningArea,
    Network,
    NetworkSchool,
    Post,
    PostKind,
    Practice,
    Theme,
)
from leerweg.paths.files import CheckedUpload
from leerweg.schools.models import School
from leerweg.schools.tests.factories import SchoolFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload() -> CheckedUpload:
    return CheckedUpload(
        content=io.BytesIO(PDF), extension="pdf", content_type="application/pdf", size=len(PDF)
    )


def material(title: str = "Portfolio in de onderbouw", url: str = "") -> services.MaterialValues:
    return services.MaterialValues(
        title=title,
        description="Hoe wij het doen.",
        theme=Theme.BROAD_FORMATION,
        sector="VO",
        url=url,
    )


def make_facilitator(username: str = "procesbegeleider") -> User:
    """A facilitator with no role at any school."""
    return UserFactory.create(
        username=username,
        first_name="Ingrid",
        last_name="Hoekstra",
        email=f"{username}@example.org",
    )


def make_network(facilitator: User, name: str = "Brede vorming", meetings: int = 5) -> Network:
    return services.network_create(
        name=name,
        theme=Theme.BROAD_FORMATION,
        description="Scholen leren van elkaar.",
        created_by=facilitator,
        meeting_count=meetings,
    )


def join(network: Network, school: School, leader: User, facilitator: User) -> NetworkSchool:
    return services.network_school_add(
        network=network, school=school, representative=leader, added_by=facilitator
    )


def network_url_arguments(school: School, leader: User) -> dict[str, UUID | int]:
    """URL arguments for tests/test_url_matrix.py.

    A network facilitated by someone without a school role, with ``school``
    (Het Baken) as member school represented by ``leader``; a meeting with a
    proposed date, a post, a practice with a file; a learning area of the
    school with a shared rubric and material.
    """
    network = Network.objects.filter(name="Brede vorming").first()
    if network is None:
        # A school outside the personas' world, for adding to the learning area.
        SchoolFactory.create(name="De Linde", brin="56EF", board=school.board)
        facilitator = make_facilitator()
        network = make_network(facilitator)
        join(network, school, leader, facilitator)
        meeting = network.meetings.get(number=1)
        DateOption.objects.create(
            meeting=meeting,
            date=timezone.localdate() + timedelta(days=30),
            start_time=time(13, 0),
            end_time=time(16, 0),
            proposed_by=leader,
        )
        Post.objects.create(
            network=network, author=leader, kind=PostKind.QUESTION, title="Vraag", body="Hoe?"
        )
        services.practice_add(
            network=network, author=leader, values=material(), upload=pdf_upload()
        )
        area = services.area_create(
            name="Duurzaam en groen",
            theme=Theme.SUSTAINABILITY,
            description="",
            school=school,
            created_by=leader,
        )
        rubric = make_rubric(school, leader, title="Moestuin bijhouden")
        services.area_rubric_share(area=area, rubric=rubric, shared_by=leader)
        services.area_material_add(
            area=area, author=leader, values=material("Moestuin"), upload=pdf_upload()
        )
    area = LearningArea.objects.get(name="Duurzaam en groen")
    return {
        "network_id": network.public_id,
        "member_school_id": NetworkSchool.objects.get(network=network, school=school).pk,
        "meeting_id": network.meetings.get(number=1).public_id,
        "post_id": Post.objects.get(network=network).public_id,
        "practice_id": Practice.objects.get(network=network).public_id,
        "area_id": area.public_id,
        "shared_id": AreaRubric.objects.get(
            area=area, rubric__title="Moestuin bijhouden"
        ).public_id,
        "material_id": AreaMaterial.objects.get(area=area).public_id,
        # Not a URL argument: the school the area's forms act for.
        "school_pk": school.pk,
    }

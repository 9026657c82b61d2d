"""A learning network for the demo: "Brede vorming" with the demo board's schools.

The board's policy officer (``demo.bestuur``), who has no role at any
school, facilitates it; each school of the board takes part, represented by
its school leader, with its own learning question. Of the five meetings the
joint start has been held (attendance and minutes), two more have a date and
a host school, and the last two wait for date proposals. There is a question
with a reply and one good practice, published as inspiration. A learning area
"Duurzaam en groen" joins the schools around shared goals.

Made once: when the network is there, nothing is changed.
"""

from datetime import date, time, timedelta

from django.db import transaction

from leerweg.accounts.models import User
from leerweg.demo.logins import DemoUsername
from leerweg.networks import services
from leerweg.networks.models import AreaGoal, DateOption, Network, NetworkSchool, Theme
from leerweg.schools.models import Board, School, StaffMembership, StaffRole

NETWORK_NAME = "Brede vorming"
FACILITATOR = DemoUsername.BOARD
QUESTIONS = (
    "Hoe geven we leerlingen echte keuzes zonder dat het rooster vastloopt?",
    "Hoe maken we talenten buiten school zichtbaar in de les?",
    "Hoe betrekken we ouders bij de persoonlijke leerroute?",
)
AMBITION = "Over twee jaar werkt elke leerling aan eigen doelen, ook buiten de les."


@transaction.atomic
def networks_demo_create(*, board: Board, today: date) -> Network | None:
    if Network.objects.filter(name=NETWORK_NAME, created_by__username=FACILITATOR).exists():
        return None
    leaders = _school_leaders(board)
    facilitator = User.objects.filter(username=FACILITATOR).first()
    if not leaders or facilitator is None:
        return None
    network = services.network_create(
        name=NETWORK_NAME,
        theme=Theme.BROAD_FORMATION,
        description="Schoolleiders leren van elkaar over brede vorming en eigen leerroutes.",
        created_by=facilitator,
    )
    members = []
    for number, (school, leader) in enumerate(leaders):
        member = services.network_school_add(
            network=network, school=school, representative=leader, added_by=facilitator
        )
        services.member_school_update(
            member_school=member,
            learning_question=QUESTIONS[number % len(QUESTIONS)],
            ambition=AMBITION,
        )
        members.append(member)
    _plan_meetings(network, members, facilitator, today)
    _share(network, facilitator, leaders[0][1])
    _learning_area(network, leaders)
    return network


def _school_leaders(board: Board) -> list[tuple[School, User]]:
    """One school leader per school of the board, in the order of the schools' names."""
    found = []
    for school in board.schools.order_by("name"):
        staff = (
            StaffMembership.objects.filter(school=school, role=StaffRole.SCHOOL_LEADER)
            .select_related("user")
            .order_by("user__username")
            .first()
        )
        if staff is not None:
            found.append((school, staff.user))
    return found


def _plan_meetings(
    network: Network, members: list[NetworkSchool], facilitator: User, today: date
) -> None:
    meetings = list(network.meetings.order_by("number"))
    first = meetings[0]
    first.date, first.start_time, first.end_time = today - timedelta(days=21), time(14), time(17)
    first.place = "Bibliotheek Rivierenland, zaal 2"
    first.agenda = "Kennismaken\nLeervragen van de scholen\nAfspraken over de bijeenkomsten"
    first.minutes = "Alle scholen waren er. Elke school deelde haar leervraag."
    first.date_fixed_by = facilitator
    first.save()
    first.attendees.set([facilitator, *(m.representatives.get().user for m in members)])
    for offset, meeting in enumerate(meetings[1:3], start=1):
        meeting.date = today + timedelta(days=28 * offset)
        meeting.start_time, meeting.end_time = time(14), time(17)
        meeting.host = members[offset % len(members)]
        meeting.agenda = "Rondleiding door de gastschool\nOpbrengsten delen"
        meeting.date_fixed_by = facilitator
        meeting.save()
    proposer = members[0].representatives.get().user
    for meeting in meetings[3:]:
        DateOption.objects.create(
            meeting=meeting,
            proposed_by=proposer,
            date=today + timedelta(days=28 * meeting.number),
            start_time=time(14),
            end_time=time(17),
        )


def _share(network: Network, facilitator: User, leader: User) -> None:
    post = services.post_create(
        network=network,
        author=leader,
        kind="question",
        title="Wie werkt al met keuze-uren?",
        body="Wij willen volgend jaar starten met keuze-uren. Wie wil zijn rooster laten zien?",
    )
    services.reply_add(
        post=post,
        author=facilitator,
        body="Op de volgende bijeenkomst laat de gastschool haar flexrooster zien.",
    )
    practice = services.practice_add(
        network=network,
        author=leader,
        values=services.MaterialValues(
            title="Talentmiddag met partners uit de buurt",
            description="Elke vrijdagmiddag kiezen leerlingen een workshop van een sportclub, "
            "muziekschool of bedrijf uit de buurt.",
            theme=Theme.BROAD_FORMATION,
            sector="VO",
            url="https://www.leerweg.nl/inspiratie/talentmiddag",
        ),
        upload=None,
    )
    services.practice_publish(practice=practice, published=True, by=leader)


def _learning_area(network: Network, leaders: list[tuple[School, User]]) -> None:
    (first_school, first_leader), *others = leaders
    area = services.area_create(
        name="Duurzaam en groen",
        theme=Theme.SUSTAINABILITY,
        description="Moestuinen, schoolpleinen en duurzaamheid in de lessen.",
        school=first_school,
        created_by=first_leader,
        network=network,
    )
    for school, leader in others:
        services.area_school_add(area=area, school=school, added_by=first_leader)
        AreaGoal.objects.create(
            area=area,
            school=school,
            author=leader,
            text="Elke groep werkt een jaar in de moestuin.",
        )

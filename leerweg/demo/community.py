"""The community part of the demo: the initiative register, the directory and partner offers.

- six published initiatives with their obstacles, from schools across the
  country, so the overviews and the export have something to count;
- twenty directory entries: the demo partners (linked to their Leerweg
  organisation) and other organisations in the region and nationwide;
- three offers by the demo partner login's organisation, about the interests
  of the demo student, so "Offers for you" shows matches.

Everything has a fixed public id, so a second run finds it and adds nothing.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from leerweg.demo.blueprint import PARTNERS, demo_uuid
from leerweg.demo.logins import DemoUsername
from leerweg.directory.models import DirectoryEntry, Offer, OfferArea
from leerweg.initiatives.models import Initiative, InitiativeStatus, Obstacle
from leerweg.partners.models import PartnerOrganisation, PartnerUser
from leerweg.profiles.models import Interest, InterestArea


@dataclass(frozen=True)
class InitiativeSpec:
    title: str
    organisation: str
    kind: str
    sector: str
    region: str
    since: date
    description: str
    obstacles: tuple[tuple[str, str], ...]


INITIATIVES = (
    InitiativeSpec(
        "Leerateliers in de bovenbouw",
        "Lyceum Rivierenland",
        "school",
        "VO",
        "GE",
        date(2022, 8, 22),
        "Leerlingen in havo 4 en 5 werken drie dagdelen per week in ateliers aan eigen "
        "leerdoelen, met een coach die ze wekelijks spreken.",
        (
            (
                "examining",
                "Het PTA schrijft vaste toetsmomenten voor; een eigen tempo past daar niet in.",
            ),
            ("diplomas", "Wat leerlingen in de ateliers leren, komt niet op het diploma."),
        ),
    ),
    InitiativeSpec(
        "Talentmiddagen met de buurt",
        "OBS De Wilg",
        "school",
        "PO",
        "UT",
        date(2021, 9, 1),
        "Elke vrijdagmiddag kiezen leerlingen een workshop bij een club, bedrijf of "
        "ouder uit de wijk.",
        (("qualifying", "De kerndoelen sluiten niet aan op wat kinderen buiten school leren."),),
    ),
    InitiativeSpec(
        "Flexibel examineren in de zorgopleiding",
        "Zorgcollege Noord",
        "school",
        "MBO",
        "GR",
        date(2020, 2, 1),
        "Studenten doen hun examens wanneer ze er klaar voor zijn, in de praktijk.",
        (
            ("examining", "Examens moeten in vaste periodes worden afgenomen."),
            ("certifying", "Een deelcertificaat voor losse werkprocessen bestaat niet."),
            ("validating", "Ervaring uit eerder werk telt moeilijk mee."),
        ),
    ),
    InitiativeSpec(
        "Eigen leerroutes voor nieuwkomers",
        "Stichting Onderwijs Zuid",
        "board",
        "VO",
        "NB",
        date(2023, 1, 9),
        "Nieuwkomers volgen per vak het niveau dat bij ze past, in gemengde groepen.",
        (("qualifying", "Lesstof op verschillende niveaus mag niet in één diploma samenkomen."),),
    ),
    InitiativeSpec(
        "Buitenschools leren erkend",
        "Jongerenwerk Zeeland",
        "other",
        "VO",
        "ZE",
        date(2019, 5, 15),
        "Wat jongeren leren als vrijwilliger of bij een club maken we zichtbaar met badges.",
        (
            ("validating", "Scholen erkennen badges van buiten school niet."),
            ("other", "Ouders weten niet wat een badge waard is."),
        ),
    ),
    InitiativeSpec(
        "Doorlopende leerlijn techniek",
        "Techniekcampus Limburg",
        "school",
        "MBO",
        "LI",
        date(2022, 3, 1),
        "Vmbo- en mbo-leerlingen werken samen aan opdrachten van bedrijven.",
        (("diplomas", "Het vmbo-diploma en de mbo-start sluiten niet op elkaar aan."),),
    ),
)

# (name, kind, region, town, tags, description, what they offer schools)
ENTRIES = (
    (
        "Natuurmonumenten Betuwe",
        "association",
        "GE",
        "Tiel",
        "natuur, buitenlessen",
        "Beheert natuurgebieden in de Betuwe.",
        "Excursies en buitenlessen over water en natuur.",
    ),
    (
        "Museum Flipje & Streek",
        "culture",
        "GE",
        "Tiel",
        "erfgoed, museum, kunst",
        "Streekmuseum over de Betuwe en haar fruit.",
        "Rondleidingen en een museumles op maat.",
    ),
    (
        "Gemeente West Betuwe, jeugdzaken",
        "municipality",
        "GE",
        "Geldermalsen",
        "jeugd, sport",
        "Jeugd- en sportbeleid van de gemeente.",
        "Buurtsportcoaches en een vakantieprogramma.",
    ),
    (
        "Fruitteeltbedrijf Van Wijk",
        "company",
        "GE",
        "Buren",
        "fruit, ondernemen, techniek",
        "Familiebedrijf met appels en peren.",
        "Werkbezoeken en een project over duurzame teelt.",
    ),
    (
        "Repair Café Culemborg",
        "association",
        "GE",
        "Culemborg",
        "techniek, duurzaam, repareren",
        "Vrijwilligers repareren samen met bezoekers.",
        "Reparatieworkshops in de klas.",
    ),
    (
        "Zorggroep Rivierenland",
        "company",
        "GE",
        "Tiel",
        "zorg, stage",
        "Ouderenzorg in de regio.",
        "Snuffelstages en maatschappelijke stages.",
    ),
    (
        "Schaakclub De Toren",
        "club",
        "GE",
        "Culemborg",
        "schaken, denken",
        "Schaakvereniging voor jong en oud.",
        "Schaaklessen op school.",
    ),
    (
        "Kunstencentrum Rivierenland",
        "culture",
        "GE",
        "Tiel",
        "kunst, dans, theater",
        "Lessen en cursussen in alle kunstvormen.",
        "Kunstmenu en workshops dans en theater.",
    ),
    (
        "Waterschap Rivierenland",
        "municipality",
        "GE",
        "Tiel",
        "water, techniek, natuur",
        "Zorgt voor dijken en schoon water.",
        "Gastlessen over water en een dijkexcursie.",
    ),
    (
        "Techniek Nederland",
        "national",
        "",
        "",
        "techniek, beroepen",
        "Brancheorganisatie van de installatietechniek.",
        "Lesmateriaal en gastsprekers over techniek.",
    ),
    (
        "Jet-Net & TechNet",
        "national",
        "",
        "",
        "techniek, bèta, bedrijven",
        "Netwerk van bedrijven en scholen voor bèta en techniek.",
        "Koppelt scholen aan bedrijven.",
    ),
    (
        "Stichting Lezen",
        "national",
        "",
        "",
        "lezen, bibliotheek",
        "Landelijk expertisecentrum voor leesbevordering.",
        "Programma's en materialen voor leesbevordering.",
    ),
    (
        "Cultuurkust",
        "culture",
        "ZE",
        "Middelburg",
        "cultuur, erfgoed",
        "Cultuureducatie in Zeeland.",
        "Cultuurprogramma's voor scholen.",
    ),
    (
        "IVN Natuureducatie",
        "national",
        "",
        "",
        "natuur, duurzaam",
        "Vereniging voor natuur- en milieueducatie.",
        "Natuurlessen en het programma Groene Schoolpleinen.",
    ),
    (
        "AV Culemborg",
        "club",
        "GE",
        "Culemborg",
        "atletiek, sport",
        "Atletiekvereniging met een grote jeugdafdeling.",
        "Clinics hardlopen en werpen.",
    ),
)
OFFERS = (
    (
        "Clinic met de selectie",
        "clinic",
        14,
        6,
        None,
        "Een middag trainen met spelers en trainers van de eerste selectie.",
    ),
    (
        "Snuffeldag bij de club",
        "taster",
        21,
        8,
        12,
        "Een dag meedraaien: trainen, scheidsrechteren en helpen bij de jeugd.",
    ),
    (
        "Project: een toernooi organiseren",
        "project",
        35,
        42,
        8,
        "Organiseer met een team een schooltoernooi, van planning tot prijsuitreiking.",
    ),
)


def community_demo_create(*, today: date) -> None:
    with transaction.atomic():
        _initiatives()
        _entries()
        _offers(today)


def _initiatives() -> None:
    existing = set(Initiative.objects.values_list("public_id", flat=True))
    now = timezone.now()
    for number, spec in enumerate(INITIATIVES):
        public_id = demo_uuid("initiative", spec.title)
        if public_id in existing:
            continue
        published = now - timedelta(days=7 * (len(INITIATIVES) - number))
        initiative = Initiative.objects.create(
            public_id=public_id,
            organisation=spec.organisation,
            organisation_kind=spec.kind,
            sector=spec.sector,
            region=spec.region,
            title=spec.title,
            description=spec.description,
            since=spec.since,
            contact_name="Demo Contact",
            contact_email="register@leerweg.example",
            status=InitiativeStatus.PUBLISHED,
            confirmed_at=published,
            published_at=published,
            decided_at=published,
        )
        Obstacle.objects.bulk_create(
            Obstacle(initiative=initiative, category=category, description=text, position=i)
            for i, (category, text) in enumerate(spec.obstacles)
        )


def _entries() -> None:
    existing = set(DirectoryEntry.objects.values_list("public_id", flat=True))
    partners = {
        p.public_id: p
        for p in PartnerOrganisation.objects.filter(
            public_id__in=[spec.public_id for spec in PARTNERS]
        )
    }
    rows = []
    for spec in PARTNERS:
        partner = partners.get(spec.public_id)
        public_id = demo_uuid("entry", spec.name)
        if partner is None or public_id in existing or hasattr(partner, "directory_entry"):
            continue
        rows.append(
            DirectoryEntry(
                public_id=public_id,
                partner=partner,
                name=spec.name,
                kind="club" if spec.kind in ("sport", "youth_work") else "culture",
                description=f"{spec.name} in {spec.town}.",
                offers_schools="Gastlessen, clinics en snuffeldagen voor leerlingen.",
                region="GE",
                town=spec.town,
                tags=spec.kind.replace("_", " "),
                website=f"https://{spec.domain}",
                contact_email=f"scholen@{spec.domain}",
            )
        )
    for name, kind, region, town, tags, description, offers in ENTRIES:
        public_id = demo_uuid("entry", name)
        if public_id in existing:
            continue
        rows.append(
            DirectoryEntry(
                public_id=public_id,
                name=name,
                kind=kind,
                region=region,
                town=town,
                tags=tags,
                description=description,
                offers_schools=offers,
            )
        )
    DirectoryEntry.objects.bulk_create(rows)


def _offers(today: date) -> None:
    membership = (
        PartnerUser.objects.filter(user__username=DemoUsername.PARTNER)
        .select_related("organisation", "user")
        .first()
    )
    if membership is None:
        return
    student_areas = list(
        Interest.objects.filter(student__user__username=DemoUsername.STUDENT)
        .exclude(area="")
        .values_list("area", flat=True)
    )
    areas = student_areas[:1] or [InterestArea.SPORT]
    existing = set(Offer.objects.values_list("public_id", flat=True))
    for title, kind, starts_in, days, places, description in OFFERS:
        public_id = demo_uuid("offer", title)
        if public_id in existing:
            continue
        offer = Offer.objects.create(
            public_id=public_id,
            partner=membership.organisation,
            created_by=membership.user,
            title=title,
            kind=kind,
            description=description,
            starts_on=today + timedelta(days=starts_in),
            ends_on=today + timedelta(days=starts_in + days),
            places=places,
            location=membership.organisation.town or membership.organisation.name,
            min_age=10,
            max_age=18,
        )
        OfferArea.objects.bulk_create(
            OfferArea(offer=offer, area=area) for area in {*areas, InterestArea.SPORT}
        )

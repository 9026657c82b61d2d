"""Dutch words and sentences for the bench data, drawn from a seeded generator.

Plain Python, no ORM: choice values are written as their stored strings. The
texts are short pools combined at random, which is fast (Faker's sentences
would cost more than writing the rows) and gives the lengths real students
write: a line for a title, a few sentences for a description.
"""

import random

# (code, name, learning lines): five domains of three lines; every line gets a
# goal for each entry of GOAL_YEARS, so 60 curriculum goals in all.
CURRICULUM = (
    ("nederlands", "Nederlands", ("Lezen", "Schrijven", "Spreken en luisteren")),
    ("rekenen-wiskunde", "Rekenen en wiskunde", ("Getallen", "Verbanden", "Meetkunde")),
    ("burgerschap", "Burgerschap", ("Democratie", "Diversiteit", "Duurzaamheid")),
    ("loopbaan", "Loopbaan", ("Wie ben ik", "Wat wil ik", "Netwerken")),
    ("digitaal", "Digitale geletterdheid", ("Informatie", "Mediawijsheid", "Programmeren")),
)
GOAL_STEPS = ("de basis", "verdieping", "toepassen", "zelfstandig beheersen")
GOAL_YEARS = ((1, 2), (2, 3), (3, 4), (4, 6))
AIM_BY_DOMAIN = {
    "nederlands": "qualification",
    "rekenen-wiskunde": "qualification",
    "burgerschap": "socialisation",
    "loopbaan": "personal_formation",
    "digitaal": "qualification",
}
CURRICULUM_DESCRIPTIONS = (
    "De leerling kan teksten van verschillende soorten begrijpen en beoordelen.",
    "De leerling past kennis toe in nieuwe situaties en legt uit hoe hij te werk ging.",
    "De leerling werkt samen met anderen en laat zien wat zijn eigen bijdrage was.",
    "De leerling kent de eigen kwaliteiten en gebruikt die bij het maken van keuzes.",
)

FREE_INTERESTS = ("skateboarden", "koken", "schaken", "manga", "paardrijden", "vissen", "dansen")
TALENTS = (
    "Goed luisteren",
    "Organiseren",
    "Tekenen",
    "Anderen helpen",
    "Doorzetten",
    "Presenteren",
    "Rekenen",
    "Iets repareren",
    "Verhalen vertellen",
    "Samenwerken",
    "Sporten",
    "Muziek maken",
)
TALENT_EXAMPLES = (
    "Bij het project over water had ik de planning voor de hele groep gemaakt.",
    "Mijn vrienden komen vaak naar mij als ze ergens mee zitten.",
    "Ik heb het decor voor de musical ontworpen.",
    "Ik heb de fiets van mijn zus helemaal zelf gemaakt.",
    "",
)
SKILL_NOTES = (
    "Dit merk ik vooral bij groepsopdrachten.",
    "Hier wil ik dit jaar aan werken.",
    "Mijn mentor zegt dat ik hier goed in ben.",
    "",
    "",
)

OLD_GOAL_STATUSES, OLD_GOAL_ODDS = ("achieved", "stopped", "active"), (0.6, 0.15, 0.25)
GOAL_STATUSES, GOAL_ODDS = ("active", "achieved", "stopped"), (0.6, 0.3, 0.1)
NEW_GOAL_STATUSES, NEW_GOAL_ODDS = ("planned", "active"), (0.4, 0.6)
GOAL_STARTS = (
    "Ik wil beter worden in",
    "Ik wil leren",
    "Ik wil meer durven bij",
    "Ik wil zelfstandig",
    "Ik wil een voldoende halen voor",
    "Ik wil oefenen met",
)
GOAL_TOPICS = (
    "presenteren voor de klas",
    "plannen van mijn huiswerk",
    "Engelse gesprekken",
    "breuken en procenten",
    "samenwerken in een groep",
    "een betoog schrijven",
    "programmeren in Python",
    "mijn sportlessen",
    "Duitse grammatica",
    "mijn stage zoeken",
    "een werkstuk maken",
    "feedback geven",
    "mijn toetsen voorbereiden",
    "debatteren",
)
GOAL_SENTENCES = (
    "Ik wil dat ik het kan zonder dat iemand me helpt.",
    "Aan het eind van de periode wil ik het aan de klas kunnen laten zien.",
    "Ik merk dat ik het nu vaak uitstel, en dat wil ik anders doen.",
    "Mijn mentor en ik hebben afgesproken dat ik er elke week aan werk.",
    "Ik wil het gebruiken voor mijn profielwerkstuk.",
    "Ik wil weten of dit iets is voor mijn vervolgopleiding.",
)
GOAL_WHYS = (
    "Omdat ik dit nodig heb voor de opleiding die ik wil doen.",
    "Omdat ik het leuk vind en er beter in wil worden.",
    "Omdat ik vorig jaar een onvoldoende had.",
    "Omdat ik me dan zekerder voel in de klas.",
    "Omdat mijn stagebegeleider zei dat het belangrijk is.",
)
PLAN_HOWS = (
    "Ik oefen elke week met een opdracht uit het boek.",
    "Ik vraag feedback aan mijn docent na elke les.",
    "Ik kijk filmpjes en maak daarna zelf een samenvatting.",
    "Ik doe mee aan de extra les op donderdag.",
    "Ik houd in een logboek bij wat ik gedaan heb.",
)
PLAN_WHENS = ("Elke dinsdag het vijfde uur", "In het weekend", "Na de training", "Tijdens KWT")
PLAN_WHERES = ("Op school, in de mediatheek", "Thuis", "In het leerplein", "Bij mijn stage")
PLAN_WITH_WHOM = ("Alleen", "Met mijn mentor", "Met een klasgenoot", "Met mijn docent Engels")
PLAN_STEPS = (
    "Uitzoeken wat ik al kan",
    "Een planning maken",
    "Oefenen met een voorbeeld",
    "Feedback vragen",
    "Een eerste versie maken",
    "Laten zien aan mijn mentor",
    "Verbeteren",
    "Presenteren",
)
REFLECTIONS = (
    "Het ging beter dan ik dacht.",
    "Ik heb er minder aan gedaan dan gepland, omdat de toetsweek ertussen kwam.",
    "Mijn klasgenoot gaf goede tips.",
    "Volgende keer begin ik eerder.",
    "Ik merk dat ik het nu zelf kan.",
    "Ik vond het lastig om hulp te vragen, maar het hielp wel.",
)

EVIDENCE_KINDS = ("Verslag", "Filmpje", "Presentatie", "Logboek", "Werkstuk", "Foto's")
LINK_NOTES = ("De link naar mijn portfolio.", "Gemaakt met mijn groepje.", "")
EVIDENCE_SENTENCES = (
    "Hierin laat ik zien hoe ik het heb aangepakt.",
    "Ik heb eerst informatie gezocht en daarna een opzet gemaakt.",
    "Mijn docent gaf als feedback dat de inleiding sterker kon.",
    "Het resultaat was een 7,4.",
    "Dit heb ik samen met twee klasgenoten gemaakt.",
    "Ik ben er trots op omdat ik het helemaal zelf heb bedacht.",
    "Het was meer werk dan ik had verwacht.",
)

IN_SCHOOL = (
    ("Presentatie over klimaatverandering", ""),
    ("Excursie naar het Rijksmuseum", ""),
    ("Projectweek duurzaamheid", ""),
    ("Debatwedstrijd", ""),
    ("Open dag meehelpen", ""),
    ("Leerlingenraad", ""),
    ("Schoolmusical", ""),
    ("Sportdag", ""),
    ("Bijles geven aan brugklassers", ""),
    ("Technasium-project", ""),
)
OUT_OF_SCHOOL = (
    ("Voetbaltraining", "VV De Meern"),
    ("Pianoles", "Muziekschool Utrecht"),
    ("Vrijwilligerswerk", "Voedselbank Utrecht"),
    ("Bijbaan", "Albert Heijn"),
    ("Scouting", "Scouting Leidsche Rijn"),
    ("Zwemles geven", "Zwembad De Kwakel"),
    ("Oppassen", ""),
    ("Hockeywedstrijd", "MHC Utrecht"),
    ("Toneelles", "Theater Kikker"),
    ("Bezoek bibliotheek", "Bibliotheek Utrecht"),
)
ACTIVITY_SENTENCES = (
    "Ik heb geleerd hoe je samenwerkt als het tegenzit.",
    "Het was een drukke middag maar wel leuk.",
    "Ik heb een nieuwe taak gekregen.",
    "We hebben gewonnen!",
    "Ik moest zelf dingen regelen.",
    "",
)
AREAS_OR_NONE = (
    "sport",
    "music",
    "art_culture",
    "nature",
    "technology",
    "reading",
    "caring",
    "entrepreneurship",
    "science",
    "digital",
    "",
    "",
)

ROUTE_TITLES = (
    "Stage oriëntatie",
    "Profielwerkstuk",
    "Taalvaardigheid Engels",
    "Rekentoets",
    "Loopbaangesprek",
    "Projectweek",
    "Bezoek open dagen",
    "Sollicitatietraining",
)
PROPOSAL_STATUSES, PROPOSAL_ODDS = ("open", "accepted", "declined"), (0.4, 0.4, 0.2)
PROPOSAL_NOTES = ("Past goed na de toetsweek.", "Dan heb ik meer tijd.", "")


def _sentences(rng: random.Random, pool: tuple[str, ...], least: int, most: int) -> str:
    return " ".join(rng.sample(pool, rng.randint(least, most)))


def about_me(rng: random.Random) -> str:
    return _sentences(rng, GOAL_SENTENCES + ACTIVITY_SENTENCES, 2, 4)


def goal_title(rng: random.Random) -> str:
    return f"{rng.choice(GOAL_STARTS)} {rng.choice(GOAL_TOPICS)}"


def goal_description(rng: random.Random) -> str:
    return _sentences(rng, GOAL_SENTENCES, 1, 3)


def plan_how(rng: random.Random) -> str:
    return _sentences(rng, PLAN_HOWS, 1, 2)


def reflection(rng: random.Random) -> str:
    return _sentences(rng, REFLECTIONS, 1, 3)


def evidence_title(rng: random.Random) -> str:
    return f"{rng.choice(EVIDENCE_KINDS)} {rng.choice(GOAL_TOPICS)}"


def evidence_text(rng: random.Random) -> str:
    return _sentences(rng, EVIDENCE_SENTENCES, 2, 5)


def activity(rng: random.Random, *, in_school: bool) -> tuple[str, str]:
    """A title and an organisation (blank in school)."""
    return rng.choice(IN_SCHOOL if in_school else OUT_OF_SCHOOL)


def activity_description(rng: random.Random) -> str:
    return _sentences(rng, ACTIVITY_SENTENCES, 0, 2)

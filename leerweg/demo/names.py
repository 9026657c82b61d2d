"""Dutch names from Faker, and the usernames made from them.

Faker keeps its own random generator; seeded once, it gives the same names in
the same order, so the order of calls below is part of the demo's contract.
"""

import random
import re
import unicodedata
from collections.abc import Iterable

from faker import Faker

from leerweg.demo.people import Person

NOT_USERNAME_SAFE = re.compile(r"[^a-z0-9]")
# Faker's nl_NL list keeps some abbreviated 17th-century patronymics
# ("Jansdr", "Cornelisz"); no pupil is called that today.
OLD_PATRONYMIC = re.compile(r"(dr|sz|sd)$")


class NameSource:
    """Hands out first and last names, drawn from Faker's ``nl_NL`` locale."""

    def __init__(self, seed: int) -> None:
        self._faker = Faker("nl_NL")
        self._faker.seed_instance(seed)
        # Which names are female or male is the planner's choice, from its own
        # generator, so Faker's stream holds names only.
        self._rng = random.Random(seed)

    def first_name(self) -> str:
        if self._rng.random() < 0.5:
            return self._faker.first_name_female()
        return self._faker.first_name_male()

    def last_name(self) -> str:
        name = self._faker.last_name()
        while OLD_PATRONYMIC.search(name):
            name = self._faker.last_name()
        return name

    def person(self, prefix: str, *, last_name: str = "", fixed_username: str = "") -> Person:
        return Person(
            first_name=self.first_name(),
            last_name=last_name or self.last_name(),
            prefix=prefix,
            fixed_username=fixed_username,
        )


def username_part(name: str) -> str:
    """``"van der Heijden"`` → ``"vanderheijden"``, ``"Zoë"`` → ``"zoe"``."""
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_only = decomposed.encode("ascii", "ignore").decode("ascii")
    return NOT_USERNAME_SAFE.sub("", ascii_only.lower())


def assign_usernames(people: Iterable[Person]) -> None:
    """Give everyone a unique username; fixed demo logins keep theirs.

    Others get ``<prefix>.<first>.<last>``, with 2, 3, … appended for the second
    and later people of the same name, in the order they are given.
    """
    people = list(people)
    taken = {person.fixed_username for person in people if person.fixed_username}
    for person in people:
        if person.fixed_username:
            person.username = str(person.fixed_username)
            continue
        base = ".".join(
            (person.prefix, username_part(person.first_name), username_part(person.last_name))
        )
        username, number = base, 1
        while username in taken:
            number += 1
            username = f"{base}{number}"
        taken.add(username)
        person.username = username

import factory

from leerweg.curriculum.models import Aim, CurriculumGoal, LearningDomain, LearningLine
from leerweg.schools.models import School
from leerweg.schools.tests.factories import SchoolFactory


class LearningDomainFactory(factory.django.DjangoModelFactory[LearningDomain]):
    class Meta:
        model = LearningDomain

    school = factory.SubFactory(SchoolFactory)
    code = factory.Sequence(lambda n: f"domein-{n}")
    name = factory.Sequence(lambda n: f"Domein {n}")
    position = factory.Sequence(lambda n: n)


class LearningLineFactory(factory.django.DjangoModelFactory[LearningLine]):
    class Meta:
        model = LearningLine

    domain = factory.SubFactory(LearningDomainFactory)
    code = factory.Sequence(lambda n: f"lijn-{n}")
    name = factory.Sequence(lambda n: f"Leerlijn {n}")
    position = factory.Sequence(lambda n: n)


class CurriculumGoalFactory(factory.django.DjangoModelFactory[CurriculumGoal]):
    class Meta:
        model = CurriculumGoal
        skip_postgeneration_save = True

    line = factory.SubFactory(LearningLineFactory)
    school = factory.SelfAttribute("line.domain.school")
    code = factory.Sequence(lambda n: f"doel-{n}")
    title = factory.Sequence(lambda n: f"Leerdoel {n}")
    sector = factory.SelfAttribute("school.sector")
    year_from = 1
    year_to = 3
    aim = Aim.QUALIFICATION
    position = factory.Sequence(lambda n: n)

    @factory.post_generation
    def prerequisites(self, create: bool, extracted: list[CurriculumGoal] | None, **kwargs):
        if create and extracted:
            self.prerequisites.set(extracted)


def goal_for_urls(school: School) -> CurriculumGoal:
    """The one goal (in one line, in one domain) that URL arguments point to; made once."""
    domain, _ = LearningDomain.objects.get_or_create(
        school=school, code="nederlands", defaults={"name": "Nederlands"}
    )
    line, _ = LearningLine.objects.get_or_create(
        domain=domain, code="lezen", defaults={"name": "Lezen"}
    )
    goal, _ = CurriculumGoal.objects.get_or_create(
        school=school,
        code="ned-lezen-1",
        defaults={
            "line": line,
            "title": "Leest zakelijke teksten en haalt er de hoofdgedachte uit",
            "sector": school.sector,
            "year_from": 1,
            "year_to": 3,
            "aim": Aim.QUALIFICATION,
        },
    )
    return goal


def curriculum_url_arguments(school: School) -> dict[str, int]:
    """URL arguments for tests/test_url_matrix.py: a goal, its line and domain at ``school``."""
    goal = goal_for_urls(school)
    return {
        "curriculum_goal_id": goal.pk,
        "learning_line_id": goal.line_id,
        "learning_domain_id": goal.line.domain_id,
    }

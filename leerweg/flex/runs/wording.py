"""What the allocation pages call stages, objectives and broken rules, in the reader's language."""

from django.utils.translation import gettext_lazy

from leerweg.flex.allocator import Objective

# Stages of a run as stored in ``AllocationRun.stage``, with their wording for the progress bar.
STAGES = {
    "queued": gettext_lazy("Waiting for its turn"),
    "building": gettext_lazy("Building the problem"),
    "solving": gettext_lazy("Solving"),
    "checking": gettext_lazy("Checking every rule"),
    "comparing": gettext_lazy("Comparing with first come, first served"),
    "saving": gettext_lazy("Saving"),
    "done": gettext_lazy("Finished"),
}

OBJECTIVES = {
    Objective.CONVEX.value: gettext_lazy(
        "Protect the worst-off: a second choice for two students is better than "
        "a first choice for one and a fifth for the other."
    ),
    Objective.RANK_MAXIMAL.value: gettext_lazy(
        "As many first choices as possible, then as many second choices, and so on, "
        "even if a few students get a poor choice."
    ),
}

OBJECTIVE_NAMES = {
    Objective.CONVEX.value: gettext_lazy("protect the worst-off"),
    Objective.RANK_MAXIMAL.value: gettext_lazy("as many first choices as possible"),
}

# The wording of each constraint code of the allocator's diagnosis and check.
CONSTRAINTS = {
    "mandatory-over-capacity": gettext_lazy(
        "More students must attend this session than it has places."
    ),
    "mandatory-same-slot": gettext_lazy(
        "This student must attend two sessions in the same flex hour."
    ),
    "mandatory-same-series": gettext_lazy(
        "This student must attend the same session twice in one week."
    ),
    "mandatory-over-max-hours": gettext_lazy(
        "This student must attend more sessions than the maximum number of flex hours."
    ),
    "too-few-eligible": gettext_lazy(
        "This student may not attend enough sessions to reach the minimum number of flex hours."
    ),
    "capacity": gettext_lazy("The session has more students than places."),
    "eligibility": gettext_lazy("The student may not attend this session."),
    "same-series": gettext_lazy("The student would attend the same session twice this week."),
    "max-hours": gettext_lazy("The student would have more than the maximum number of flex hours."),
    "min-hours": gettext_lazy(
        "The student would have fewer than the minimum number of flex hours."
    ),
    "mandatory-missing": gettext_lazy("The student must attend another session in this flex hour."),
    "mandatory-forbidden": gettext_lazy(
        "The student must attend the session they are kept out of."
    ),
    "wrong-slot": gettext_lazy("The session is not in this flex hour."),
}

UNPLACED_REASONS = {
    "not-eligible": gettext_lazy("not enough sessions open to this student"),
    "seats-full": gettext_lazy("every session open to this student was full"),
    "seats-left": gettext_lazy("places were left, but none fitted the other rules"),
}


def constraint_wording(code: str) -> str:
    return str(CONSTRAINTS.get(code, gettext_lazy("A rule of the allocation is broken.")))

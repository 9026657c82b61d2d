"""The mastery rule's outcome in words, in the reader's language."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leerweg.assessment.mastery import Level, Mastery, Reason

LEVEL_LABELS = {
    Level.BEGINNING: gettext_lazy("Beginning"),
    Level.DEVELOPING: gettext_lazy("Developing"),
    Level.PROFICIENT: gettext_lazy("Proficient"),
    Level.ADVANCED: gettext_lazy("Advanced"),
}
_NUMBERS = {
    0: gettext_lazy("none"),
    1: gettext_lazy("one"),
    2: gettext_lazy("two"),
    3: gettext_lazy("three"),
    4: gettext_lazy("four"),
}


def level_label(level: Level) -> str:
    return str(LEVEL_LABELS[level])


def mastery_reason(result: Mastery) -> str:
    """ "three of the last four judgements at proficient or higher", and the like."""
    values = {
        "met": str(_NUMBERS.get(result.met, result.met)),
        "window": str(_NUMBERS.get(result.window, result.window)),
        "level": level_label(result.threshold).lower(),
    }
    if result.reason is Reason.TOO_FEW:
        if result.window == 1:
            return _("one judgement so far at %(level)s or higher; three are needed") % values
        return _("%(met)s judgements so far at %(level)s or higher; three are needed") % values
    if result.window == 1:
        if result.reason is Reason.BELOW:
            return _("the only judgement is below %(level)s") % values
        return _("the only judgement is at %(level)s or higher") % values
    return _("%(met)s of the last %(window)s judgements at %(level)s or higher") % values

"""How every form in Leerweg renders its labels.

Field labels are written lower case in the code, so they read well inside a
sentence ("choose a school year"); on a form they start with a capital.
The renderer makes every form use ``SentenceCaseBoundField`` (FORM_RENDERER in
the settings), so no template has to remember ``capfirst``.
"""

from typing import Any

from django.forms import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import SafeString
from django.utils.text import capfirst


class SentenceCaseBoundField(BoundField):
    def label_tag(
        self,
        contents: str | None = None,
        attrs: dict[str, Any] | None = None,
        label_suffix: str | None = None,
        tag: str | None = None,
    ) -> SafeString:
        return super().label_tag(
            str(capfirst(self.label)) if contents is None else contents, attrs, label_suffix, tag
        )

    def legend_tag(
        self,
        contents: str | None = None,
        attrs: dict[str, Any] | None = None,
        label_suffix: str | None = None,
    ) -> SafeString:
        return super().legend_tag(
            str(capfirst(self.label)) if contents is None else contents, attrs, label_suffix
        )


class Renderer(DjangoTemplates):
    bound_field_class = SentenceCaseBoundField

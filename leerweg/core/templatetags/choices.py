"""``{{ object|display:"field" }}``: the label of a choice field, cheaply.

``Model.get_FOO_display()`` rebuilds a hashable copy of every choice, and
translates every label, on each call; on pages with a few hundred rows that
is a noticeable part of the time. This looks the label up in a per-field
mapping made once and translates only the one label shown.
"""

from functools import cache

from django import template
from django.db.models import Model

register = template.Library()


@cache
def _labels(model: type[Model], field_name: str) -> dict[object, object]:
    return dict(model._meta.get_field(field_name).flatchoices)  # type: ignore[union-attr]


@register.filter
def display(instance: Model, field_name: str) -> str:
    value = getattr(instance, field_name)
    label = _labels(type(instance), field_name).get(value, value)
    return "" if label is None else str(label)

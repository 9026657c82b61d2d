"""The feedback inbox's form fields, rendered in Python.

The inbox shows up to fifty forms with three text areas and a choice per
rubric criterion each; rendered through Django's widget templates that is
hundreds of template renders per page. Text areas and selects are simple
enough to write directly, with the same ids, labels, help texts, errors and
``aria-describedby`` as ``core/form.html``; any other widget falls back to
Django's own rendering.
"""

from django import forms, template
from django.forms import BoundField
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()


# An empty form's fields differ per inbox item only in their ids: the HTML is
# made once per kind of form (rubric, language) and the ids are put in after.
_EMPTY_FORMS: dict[tuple[object, ...], str] = {}
_EMPTY_FORMS_KEPT = 64
_ID_MARK = "\x00id\x00"


@register.simple_tag
def inbox_fields(form: forms.Form) -> SafeString:
    prefix = form.auto_id.removesuffix("%s") if isinstance(form.auto_id, str) else ""
    if form.is_bound or len(prefix) < 8:
        return mark_safe(_fields(form))  # noqa: S308 - every piece is escaped below
    key = (get_language(), *_shape(form))
    html = _EMPTY_FORMS.get(key)
    if html is None:
        html = _fields(form).replace(prefix, _ID_MARK)
        if len(_EMPTY_FORMS) >= _EMPTY_FORMS_KEPT:
            _EMPTY_FORMS.clear()
        _EMPTY_FORMS[key] = html
    return mark_safe(html.replace(_ID_MARK, prefix))  # noqa: S308 - escaped when made


def _fields(form: forms.Form) -> str:
    parts = [str(field) for field in form.hidden_fields()]
    parts += [_field(field) for field in form.visible_fields()]
    return "".join(parts)


def _shape(form: forms.Form) -> tuple[object, ...]:
    """Everything an empty form's HTML depends on, apart from the ids."""
    return tuple(
        (
            name,
            type(field.widget).__name__,
            str(field.label),
            str(field.help_text),
            tuple(sorted(field.widget.attrs.items())),
            getattr(field, "max_length", None),
            str(form.get_initial_for_field(field, name)),
            tuple((str(value), str(label)) for value, label in getattr(field, "choices", ())),
        )
        for name, field in form.fields.items()
    )


def _field(field: BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, forms.Textarea):
        control = _textarea(field)
    elif isinstance(widget, forms.Select) and not isinstance(widget, forms.SelectMultiple):
        control = _select(field)
    else:
        control = str(field)
    described = []
    errors = ""
    if field.errors:
        described.append(f"{field.auto_id}_error")
        items = "".join(format_html("<li>{}</li>", error) for error in field.errors)
        errors = f'<ul class="errorlist" id="{field.auto_id}_error">{items}</ul>'
    help_text = ""
    if field.help_text:
        described.append(f"{field.auto_id}_helptext")
        help_text = format_html(
            '<span class="helptext" id="{}_helptext">{}</span>', field.auto_id, field.help_text
        )
    if described:
        control = control.replace("%DESCRIBED%", " ".join(described))
    else:
        control = control.replace(' aria-describedby="%DESCRIBED%"', "")
    label = format_html('<label for="{}">{}:</label>', field.auto_id, field.label)
    return f'<div class="field">{label}{errors}{control}{help_text}</div>'


def _textarea(field: BoundField) -> str:
    attrs = field.field.widget.attrs
    value = field.value() or ""
    return format_html(
        '<textarea name="{}" id="{}" rows="{}" cols="40" maxlength="{}"'
        ' aria-describedby="%DESCRIBED%">{}</textarea>',
        field.html_name,
        field.auto_id,
        attrs.get("rows", 3),
        getattr(field.field, "max_length", None) or 2000,
        value,
    )


def _select(field: BoundField) -> str:
    chosen = "" if field.value() is None else str(field.value())
    options = "".join(
        format_html(
            '<option value="{}"{}>{}</option>',
            value,
            mark_safe(" selected") if str(value) == chosen else "",
            label,
        )
        for value, label in field.field.choices  # type: ignore[attr-defined]
    )
    return (
        f'<select name="{conditional_escape(field.html_name)}" id="{field.auto_id}"'
        f' aria-describedby="%DESCRIBED%">{options}</select>'
    )

"""The REST API's answers to input that breaks the rules: 422 with field messages.

API endpoints check input with the same forms and services as the pages, so
the rules cannot drift apart. This module reports their complaints in
django-ninja's own shape for invalid input, so a client handles one format::

    {"detail": [{"loc": ["body", "title"], "msg": "This field is required.", "type": "required"}]}

A complaint about the whole input (not one field) has ``loc`` ``["body"]``.
"""

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from ninja.errors import ValidationError

LOCATION = "body"


def _entry(field: str, message: str, code: str | None) -> dict[str, Any]:
    loc = [LOCATION] if field in ("", NON_FIELD_ERRORS, "__all__") else [LOCATION, field]
    return {"loc": loc, "msg": message, "type": code or "invalid"}


def form_invalid(form: forms.BaseForm, names: dict[str, str] | None = None) -> ValidationError:
    """The errors of a bound, invalid form as ninja's ``ValidationError`` (a 422).

    ``names`` renames form fields to what the API calls them.
    """
    names = names or {}
    errors = [
        _entry(names.get(field, field), " ".join(error.messages), error.code)
        for field, field_errors in form.errors.as_data().items()
        for error in field_errors
    ]
    return ValidationError(errors)


def validated(form: forms.BaseForm, names: dict[str, str] | None = None) -> dict[str, Any]:
    """The form's cleaned data, or a 422 with its field messages."""
    if not form.is_valid():
        raise form_invalid(form, names)
    return form.cleaned_data


def django_validation_error(error: DjangoValidationError) -> ValidationError:
    """A ``ValidationError`` from a model or service as ninja's (a 422)."""
    if hasattr(error, "error_dict"):
        pairs = [(field, e) for field, errors in error.error_dict.items() for e in errors]
    else:
        pairs = [("", e) for e in error.error_list]
    return ValidationError([_entry(field, " ".join(e.messages), e.code) for field, e in pairs])


def field_error(field: str, message: str, code: str = "invalid") -> ValidationError:
    return ValidationError([_entry(field, message, code)])

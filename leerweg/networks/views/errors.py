"""Turning a service's ``ValidationError`` into form errors."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def add_service_errors(
    form: forms.BaseForm, error: ValidationError, names: dict[str, str] | None = None
) -> None:
    """Show each message at the form's field of that name, else above the form."""
    names = names or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        target = names.get(field, field)
        if target == NON_FIELD_ERRORS or target not in form.fields:
            form.add_error(None, messages)
        else:
            form.add_error(target, messages)

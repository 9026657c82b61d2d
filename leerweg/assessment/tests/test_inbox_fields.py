"""The inbox's form fields: made once per kind of empty form, with each item's own ids."""

import pytest

from leerweg.assessment.forms import FeedbackForm
from leerweg.assessment.templatetags import inbox_form
from leerweg.assessment.tests.factories import make_rubric

pytestmark = pytest.mark.django_db


def test_reused_html_has_each_forms_own_ids_and_matches_a_fresh_render(personas):
    rubric = make_rubric(personas.school, personas.mentor)
    inbox_form._EMPTY_FORMS.clear()
    first = str(inbox_form.inbox_fields(FeedbackForm(rubric=rubric, auto_id="fb-aaaaaaaa-%s")))
    second = FeedbackForm(rubric=rubric, auto_id="fb-bbbbbbbb-%s")
    reused = str(inbox_form.inbox_fields(second))
    assert len(inbox_form._EMPTY_FORMS) == 1
    assert reused == inbox_form._fields(second)
    assert "fb-aaaaaaaa-" not in reused and 'id="fb-bbbbbbbb-feed_back"' in reused
    assert first.replace("aaaaaaaa", "bbbbbbbb") == reused


def test_another_rubric_or_language_is_made_anew(personas, settings):
    inbox_form._EMPTY_FORMS.clear()
    inbox_form.inbox_fields(FeedbackForm(rubric=None, auto_id="fb-aaaaaaaa-%s"))
    other = make_rubric(personas.school, personas.mentor, title="Samenwerken")
    inbox_form.inbox_fields(FeedbackForm(rubric=other, auto_id="fb-aaaaaaaa-%s"))
    assert len(inbox_form._EMPTY_FORMS) == 2


def test_a_bound_form_with_errors_is_never_reused():
    inbox_form._EMPTY_FORMS.clear()
    form = FeedbackForm({}, rubric=None, auto_id="fb-aaaaaaaa-%s")
    assert not form.is_valid()
    inbox_form.inbox_fields(form)
    assert inbox_form._EMPTY_FORMS == {}

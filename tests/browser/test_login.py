"""The login page in a real browser: errors, keyboard use and language."""

from collections.abc import Callable

import pytest
from django.urls import reverse

from conftest import Personas
from tests.browser.conftest import LOGIN_PATH, Visitor

pytestmark = pytest.mark.browser

GENERIC_ERROR = "The username and password do not match. Check both and try again."


def test_wrong_password_shows_one_generic_error(
    browser_personas: Personas, visitor: Visitor
) -> None:
    page = visitor.page
    visitor.log_in("sanne", "not-the-password")

    assert visitor.heading() == "Log in to Leerweg"
    assert page.get_by_role("alert").count() == 1
    assert visitor.main_text().count(GENERIC_ERROR) == 1
    assert page.locator(".errorlist").count() == 0, "no error should point at one field"
    assert page.get_by_label("Username").input_value() == "sanne"
    assert page.get_by_label("Password").input_value() == ""
    visitor.check()


def test_unknown_username_gets_the_same_error(browser_personas: Personas, visitor: Visitor) -> None:
    visitor.log_in("sanne", "not-the-password")
    wrong_password = visitor.page.get_by_role("alert").inner_text()
    visitor.log_in("nobody-by-this-name", "not-the-password")

    assert visitor.page.get_by_role("alert").inner_text() == wrong_password
    assert visitor.page.get_by_label("Username").input_value() == "nobody-by-this-name"


@pytest.mark.parametrize("who", ["anonymous", "mentor"])
def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(
    browser_personas: Personas, visitor: Visitor, who: str
) -> None:
    page = visitor.page
    if who == "anonymous":
        # Not the login page itself: Django's login form puts the focus in the
        # username field on load (see the next test).
        visitor.goto(reverse("accounts:password-reset"))
    else:
        visitor.log_in("mentor")

    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.matches('a.skip-link')"), (
        "the first Tab stop should be the skip link, not "
        + page.evaluate("() => document.activeElement.outerHTML.slice(0, 120)")
    )
    box = page.locator(".skip-link").bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0, "focused skip link is visible"

    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.id === 'main'")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.getElementById('main').contains(document.activeElement)")
    visitor.assert_no_problems()


def test_login_page_starts_in_the_username_field(
    browser_personas: Personas, visitor: Visitor
) -> None:
    visitor.goto(LOGIN_PATH)
    assert visitor.page.evaluate("() => document.activeElement.id") == "id_username"


def test_dutch_is_the_default_language(new_visitor: Callable[..., Visitor]) -> None:
    # A browser asking for a language Leerweg does not offer gets the default.
    visitor = new_visitor(language=None, locale="de-DE")
    visitor.goto(LOGIN_PATH)

    assert visitor.page.locator("html").get_attribute("lang") == "nl"
    assert visitor.page.get_by_role("button", name="English").is_visible()
    # DUTCH CATALOGUE: this line needs leerweg/locale/nl/LC_MESSAGES/django.mo
    # (compiled from django.po by `make install`).
    assert visitor.heading() == "Inloggen bij Leerweg"
    visitor.check()


def test_switching_to_english_on_the_login_page(new_visitor: Callable[..., Visitor]) -> None:
    visitor = new_visitor(language=None, locale="nl-NL")
    page = visitor.page
    visitor.goto(LOGIN_PATH)
    assert page.locator("html").get_attribute("lang") == "nl"

    with page.expect_navigation():
        page.get_by_role("button", name="English").click()

    assert page.url == visitor.base_url + LOGIN_PATH
    assert page.locator("html").get_attribute("lang") == "en"
    assert visitor.heading() == "Log in to Leerweg"
    assert page.get_by_role("button", name="Nederlands").is_visible()
    visitor.check()

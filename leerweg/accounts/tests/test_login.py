import pytest
from django.core import mail
from django.urls import reverse

from conftest import Personas
from leerweg.accounts.tests.factories import TEST_PASSWORD

LOGIN = "/account/inloggen/"
GENERIC_ERROR = "The username and password do not match"

pytestmark = pytest.mark.django_db


def post_login(client, username: str, password: str, ip: str = "10.1.1.1"):
    return client.post(
        LOGIN,
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_right_password_logs_in_and_goes_to_the_start_page(client, personas: Personas):
    response = post_login(client, "sanne", TEST_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("insight:home")
    assert client.get(reverse("insight:home")).status_code == 200


def test_wrong_password_and_unknown_user_get_the_same_message(client, personas: Personas):
    wrong_password = post_login(client, "sanne", "wrong-password")
    unknown_user = post_login(client, "nobody-here", "wrong-password")
    for response in (wrong_password, unknown_user):
        assert response.status_code == 200
        assert GENERIC_ERROR in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_five_wrong_passwords_lock_that_username_from_that_address(client, personas: Personas):
    for _ in range(4):
        assert post_login(client, "sanne", "wrong-password").status_code == 200
    locked = post_login(client, "sanne", "wrong-password")
    assert locked.status_code == 429
    assert "Too many attempts" in locked.content.decode()
    # Even the right password is refused while locked…
    assert post_login(client, "sanne", TEST_PASSWORD).status_code == 429
    # …but the same person from another address, and another user, can log in.
    assert post_login(client, "sanne", TEST_PASSWORD, ip="10.2.2.2").status_code == 302


def test_login_form_without_fields_shows_field_errors(client, db):
    response = client.post(LOGIN, {}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"username", "password"}


def test_logged_in_user_visiting_login_goes_home(client, personas: Personas):
    client.force_login(personas.student, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(LOGIN)["Location"] == reverse("insight:home")


def test_logout_is_a_post_and_ends_the_session(client, personas: Personas):
    client.force_login(personas.student, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert "_auth_user_id" not in client.session


def test_password_reset_mails_a_working_link(client, personas: Personas):
    response = client.post(reverse("accounts:password-reset"), {"email": "sanne@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/wachtwoord/nieuw/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.context["validlink"]
    new_password = "a-new-and-long-passphrase-42"
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert done.status_code == 302
    personas.student.refresh_from_db()
    assert personas.student.check_password(new_password)


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client, db):
    response = client.post(reverse("accounts:password-reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password-reset-done")
    assert mail.outbox == []


def test_weak_new_password_is_refused_and_the_old_one_kept(client, personas: Personas):
    client.force_login(personas.student, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": TEST_PASSWORD, "new_password1": "12345", "new_password2": "12345"},
    )
    assert response.status_code == 200
    assert "new_password2" in response.context["form"].errors
    personas.student.refresh_from_db()
    assert personas.student.check_password(TEST_PASSWORD)

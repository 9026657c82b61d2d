from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from leerweg.accounts.forms import AccountSettingsForm, ApiTokenForm, LoginForm
from leerweg.accounts.http import AuthenticatedRequest
from leerweg.accounts.selectors import api_tokens_of
from leerweg.accounts.services import (
    ApiTokenLimitError,
    api_token_create,
    api_token_revoke,
    user_set_language,
)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        if settings.LANGUAGE_COOKIE_NAME not in self.request.COOKIES:
            _set_language_cookie(response, form.get_user().preferred_language)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:settings")

    def form_valid(self, form):
        messages.success(self.request, _("Your password has been changed."))
        return super().form_valid(form)


@require_http_methods(["GET", "POST"])
def account_settings(request: AuthenticatedRequest) -> HttpResponse:
    form = AccountSettingsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["preferred_language"]
        user_set_language(user=request.user, language=language)
        translation.activate(language)
        messages.success(request, _("Your settings have been saved."))
        response = redirect("accounts:settings")
        _set_language_cookie(response, language)
        return response
    return render(request, "accounts/settings.html", {"form": form})


def _set_language_cookie(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite="Lax",
    )


@require_http_methods(["GET", "POST"])
def api_tokens(request: AuthenticatedRequest) -> HttpResponse:
    """Make an API token (its secret is shown once, on this answer only) and list them."""
    form = ApiTokenForm(request.POST or None, roles=request.roles)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = api_token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                role_key=form.cleaned_data["role"],
            )
        except ApiTokenLimitError:
            form.add_error(None, _("You have too many tokens. Revoke one you no longer use first."))
        else:
            created = {"token": token, "secret": secret}
            form = ApiTokenForm(roles=request.roles)
    labels = {role.key: role.label for role in request.roles}
    tokens = [
        {"token": token, "role_label": labels.get(token.role_key)}
        for token in api_tokens_of(request.user)
    ]
    context = {"form": form, "created": created, "tokens": tokens, "now": timezone.now()}
    status = 400 if form.errors else 200
    response = render(request, "accounts/api_tokens.html", context, status=status)
    # The secret must not linger in any cache.
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def api_token_revoke_view(request: AuthenticatedRequest, token_id: UUID) -> HttpResponse:
    token = get_object_or_404(api_tokens_of(request.user), public_id=token_id)
    api_token_revoke(token=token)
    messages.success(request, _("The token has been revoked: it no longer works."))
    return redirect("accounts:api-tokens")

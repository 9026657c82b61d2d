from django.contrib.auth import views as auth_views
from django.urls import path

from leerweg.accounts import views

app_name = "accounts"

urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("instellingen/", views.account_settings, name="settings"),
    path("api-tokens/", views.api_tokens, name="api-tokens"),
    path(
        "api-tokens/<uuid:token_id>/intrekken/",
        views.api_token_revoke_view,
        name="api-token-revoke",
    ),
    path("wachtwoord/wijzigen/", views.PasswordChangeView.as_view(), name="password-change"),
    path("wachtwoord/vergeten/", views.PasswordResetView.as_view(), name="password-reset"),
    path(
        "wachtwoord/vergeten/verstuurd/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password-reset-done",
    ),
    path(
        "wachtwoord/nieuw/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "wachtwoord/nieuw/klaar/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password-reset-complete",
    ),
]

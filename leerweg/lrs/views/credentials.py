"""Pages to hand out, rotate and revoke xAPI credentials.

A partner's users keep their organisation's credentials; a school's leaders
and administrators keep the school's (see ``leerweg.lrs.access``). A new
secret is shown on the answer to the POST that made it, and only there: it is
not in the session, the database or any cache.
"""

from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from leerweg.accounts.http import RoleRequest
from leerweg.accounts.roles import RoleKind
from leerweg.consent.selectors import xapi_account_home_page
from leerweg.lrs.access import (
    access_credential,
    credential_keeper_required,
    credentials_of,
    owner_name,
    store_kept_by,
)
from leerweg.lrs.credentials import (
    CredentialLimitError,
    CredentialRevokedError,
    create_credential,
    revoke_credential,
    rotate_credential,
)
from leerweg.lrs.forms import CredentialForm
from leerweg.lrs.models import Credential
from leerweg.lrs.xapi.versions import XapiVersion

LIST = "lrs_pages:credential-list"


@require_GET
@credential_keeper_required
def credential_list(request: RoleRequest) -> HttpResponse:
    role = request.active_role
    context = {
        "credentials": credentials_of(role),
        "owner": owner_name(role),
        "is_partner": role.kind is RoleKind.PARTNER,
    }
    return render(request, "lrs/credential_list.html", context)


@require_http_methods(["GET", "POST"])
@credential_keeper_required
def credential_create(request: RoleRequest) -> HttpResponse:
    form = CredentialForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        store = store_kept_by(request.active_role)
        try:
            credential, secret = create_credential(
                store, form.cleaned_data["label"], request.user, role=request.active_role
            )
        except CredentialLimitError:
            form.add_error(
                None, _("There are too many keys that work. Revoke one you no longer use first.")
            )
        else:
            return _secret_page(request, credential, secret, rotated=False)
    status = 400 if form.errors else 200
    return render(request, "lrs/credential_form.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@credential_keeper_required
def credential_rotate(request: RoleRequest, xapi_credential_id: UUID) -> HttpResponse:
    credential = access_credential(request.active_role, xapi_credential_id)
    if credential.revoked_at is None and request.method == "POST":
        try:
            credential, secret = rotate_credential(
                credential, request.user, role=request.active_role
            )
        except CredentialRevokedError:
            pass  # revoked by someone else a moment ago: told below
        else:
            return _secret_page(request, credential, secret, rotated=True)
    elif credential.revoked_at is None:
        return render(request, "lrs/credential_rotate.html", {"credential": credential})
    messages.error(request, _("This key has been revoked; it cannot get a new secret."))
    return redirect(LIST)


@require_http_methods(["GET", "POST"])
@credential_keeper_required
def credential_revoke(request: RoleRequest, xapi_credential_id: UUID) -> HttpResponse:
    credential = access_credential(request.active_role, xapi_credential_id)
    if request.method == "POST":
        revoke_credential(credential, request.user, role=request.active_role)
        messages.success(
            request,
            _("The key “%(name)s” has been revoked: it no longer works.")
            % {"name": credential.label},
        )
        return redirect(LIST)
    if credential.revoked_at is not None:
        messages.info(request, _("This key was already revoked."))
        return redirect(LIST)
    return render(request, "lrs/credential_revoke.html", {"credential": credential})


def _secret_page(
    request: RoleRequest, credential: Credential, secret: str, *, rotated: bool
) -> HttpResponse:
    is_partner = request.active_role.kind is RoleKind.PARTNER
    context = {
        "credential": credential,
        "secret": secret,
        "rotated": rotated,
        "endpoint": settings.LEERWEG_BASE_URL.rstrip("/") + "/xapi",
        "versions": [version.value for version in reversed(XapiVersion)],
        "is_partner": is_partner,
        "home_page": xapi_account_home_page() if is_partner else "",
    }
    response = render(request, "lrs/credential_secret.html", context)
    # The secret must not stay behind in the browser's or a proxy's cache.
    patch_cache_control(response, private=True, no_store=True)
    return response

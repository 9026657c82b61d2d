"""Public trust pages (verification, DID documents, status lists) and credential downloads."""

import json
from typing import Any
from uuid import UUID

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from leerweg.accounts.decorators import role_required
from leerweg.accounts.http import RoleRequest
from leerweg.accounts.roles import RoleKind
from leerweg.core.access import NotFoundOrNotYours
from leerweg.credentials.models import StatusList
from leerweg.credentials.trust import issuers
from leerweg.credentials.trust.access import access_own_credential, credentials_visible_to
from leerweg.credentials.trust.selectors import (
    MAX_CREDENTIAL_BYTES,
    Verification,
    credential_by_public_id,
    credential_json,
    credential_verify,
    issued_credential_verify,
)
from leerweg.credentials.trust.verification_text import reason_message
from leerweg.schools.models import School

PUBLIC_MAX_AGE = 300


class VerifyForm(forms.Form):
    credential = forms.CharField(
        label=gettext_lazy("Credential (JSON)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        max_length=MAX_CREDENTIAL_BYTES,
    )
    file = forms.FileField(label=gettext_lazy("Or choose a file"), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload = cleaned.get("file")
        if upload is not None:
            if upload.size > MAX_CREDENTIAL_BYTES:
                raise forms.ValidationError(_("The file is larger than 256 KB."))
            cleaned["text"] = upload.read()
        elif cleaned.get("credential", "").strip():
            cleaned["text"] = cleaned["credential"]
        else:
            raise forms.ValidationError(_("Paste a credential or choose a file."))
        return cleaned


def _public(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return response


@login_not_required
@require_http_methods(["GET", "POST"])
def verify_page(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.POST or None, request.FILES or None)
    verification = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            verification = credential_verify(form.cleaned_data["text"])
        else:
            status = 400
    context = {
        "form": form,
        "view": _view(verification),
        "api_url": settings.LEERWEG_BASE_URL.rstrip("/") + reverse("credentials:verify-api"),
    }
    return render(request, "credentials/verify.html", context, status=status)


@login_not_required
@require_GET
def verify_document(request: HttpRequest, credential_id: UUID) -> HttpResponse:
    issued = credential_by_public_id(credential_id)
    if issued is None:
        raise NotFoundOrNotYours
    verification = issued_credential_verify(issued)
    response = render(
        request,
        "credentials/verify_document.html",
        {"issued": issued, "verification": verification, "view": _view(verification)},
    )
    patch_cache_control(response, no_cache=True)
    return response


@csrf_exempt  # changes nothing; used by programs that hold no CSRF token
@login_not_required
@require_POST
def verify_api(request: HttpRequest) -> JsonResponse:
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if not declared.isdigit() or int(declared) > MAX_CREDENTIAL_BYTES:
        return _api_error("too_large", _("The credential is larger than 256 KB."))
    body = request.body
    if len(body) > MAX_CREDENTIAL_BYTES:
        return _api_error("too_large", _("The credential is larger than 256 KB."))
    try:
        json.loads(body)
    except (ValueError, RecursionError):
        return _api_error("not_json", _("The request body is not JSON."))
    verification = credential_verify(body)
    return JsonResponse(_view(verification) or {})


def _api_error(code: str, message: str) -> JsonResponse:
    return JsonResponse({"valid": False, "reason": code, "message": message}, status=400)


def _view(verification: Verification | None) -> dict[str, Any] | None:
    if verification is None:
        return None
    issued = verification.issued
    reason = verification.result.reason
    return {
        "valid": verification.valid,
        "reason": str(reason) if reason else None,
        "message": reason_message(reason),
        "issuer": verification.issuer_name,
        "issuer_id": (verification.credential or {}).get("issuer", {}).get("id"),
        "subject": verification.subject_name,
        "achievement": verification.achievement_name,
        "issued": (verification.credential or {}).get("validFrom"),
        "revoked": verification.revoked or bool(issued and issued.is_revoked),
    }


@login_not_required
@require_GET
def did_document(request: HttpRequest, school_id: UUID) -> HttpResponse:
    school = School.objects.filter(public_id=school_id).first()
    document = issuers.school_did_document(school) if school is not None else None
    if document is None:
        raise NotFoundOrNotYours
    response = JsonResponse(document, content_type="application/did+json")
    return _public(response)


@login_not_required
@require_GET
def status_list(request: HttpRequest, school_id: UUID, list_id: UUID) -> HttpResponse:
    signed = (
        StatusList.objects.filter(public_id=list_id, school__public_id=school_id)
        .values_list("signed_json", flat=True)
        .first()
    )
    if not signed:
        raise NotFoundOrNotYours
    response = HttpResponse(signed, content_type="application/vc+ld+json; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return _public(response)


@require_GET
@role_required(RoleKind.STUDENT, RoleKind.GUARDIAN)
def credential_list(request: RoleRequest) -> HttpResponse:
    credentials = credentials_visible_to(request.user, request.active_role)
    return render(request, "credentials/credential_list.html", {"credentials": credentials})


@require_GET
@role_required(RoleKind.STUDENT, RoleKind.GUARDIAN)
def credential_download(request: RoleRequest, credential_id: UUID) -> HttpResponse:
    issued = access_own_credential(request.user, request.active_role, credential_id)
    response = HttpResponse(
        credential_json(issued), content_type="application/vc+ld+json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="credential-{issued.public_id}.json"'
    patch_cache_control(response, private=True, no_store=True)
    patch_vary_headers(response, ["Cookie"])
    return response


urlpatterns: list[URLPattern] = [
    path("controle/", verify_page, name="verify"),
    path("controle/api", verify_api, name="verify-api"),
    path("controle/<uuid:credential_id>/", verify_document, name="verify-document"),
    path("status/<uuid:school_id>/<uuid:list_id>", status_list, name="status-list"),
    path("mijn-credentials/", credential_list, name="credential-list"),
    path(
        "mijn-credentials/<uuid:credential_id>.json",
        credential_download,
        name="credential-download",
    ),
]

# Served at the site root (config/urls.py): /scholen/<school public id>/did.json.
did_urlpatterns: list[URLPattern] = [
    path("scholen/<uuid:school_id>/did.json", did_document, name="credentials-did-document"),
]

"""The REST API at /api/v1/ (OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs).

Requests are authenticated either by an API token (``Authorization: Bearer
<token>``, acting in the role the token was made for) or by the Leerweg
session (acting in the active role, with Django's CSRF check on writes).
Either way they see and change exactly what the pages allow; each app
contributes a router. See docs/api.md.

The bearer token is tried first: django-ninja stops at the first scheme that
raises, and the session scheme raises a CSRF error on any write without a
CSRF token, which a program with a bearer token has no reason to send.
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import django_auth

from leerweg.activities.api import router as activities_router
from leerweg.assessment.api import router as assessment_router
from leerweg.coaching.api import router as coaching_router
from leerweg.core.api_errors import django_validation_error
from leerweg.insight.api import router as insight_router
from leerweg.insight.api_auth import BearerTokenAuth
from leerweg.paths.api import router as paths_router
from leerweg.profiles.api import router as profiles_router
from leerweg.schools.api import router as schools_router

api = NinjaAPI(
    title="Leerweg API",
    version="1",
    description=(
        "Personalised learning paths for Dutch schools. Authenticate with an API token "
        "(`Authorization: Bearer <token>`, made under *My account → API tokens*) or a "
        "logged-in session. Every answer follows the same rules as the pages: 401 without "
        "authentication, 403 for an endpoint your role never uses, 404 for what does not "
        "exist or is not yours."
    ),
    auth=[BearerTokenAuth(), django_auth],
    urls_namespace="api",
)
api.add_router("/", insight_router)
api.add_router("/", schools_router)
api.add_router("/", profiles_router)
api.add_router("/", paths_router)
api.add_router("/", activities_router)
api.add_router("/", assessment_router)
api.add_router("/", coaching_router)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": "Not for your role."}, status=403)


@api.exception_handler(DjangoValidationError)
def validation_failed(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    # A rule checked in a model or service rather than the form: still a 422.
    return api.create_response(request, {"detail": django_validation_error(exc).errors}, status=422)

"""The REST API at /api/v1/ (OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs).

Requests are authenticated by the Leerweg session and act in the active role,
exactly like the pages; each app contributes a router.
"""

from ninja import NinjaAPI
from ninja.security import django_auth

from leerweg.insight.api import router as insight_router
from leerweg.schools.api import router as schools_router

api = NinjaAPI(
    title="Leerweg API",
    version="1",
    description="Personalised learning paths for Dutch schools.",
    auth=django_auth,
    urls_namespace="api",
)
api.add_router("/", insight_router)
api.add_router("/", schools_router)

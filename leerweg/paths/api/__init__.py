"""Own goals, evidence and the learning route through the REST API.

Every endpoint asks the same ``access`` functions as the pages, so the API
shows and changes exactly what the pages do (docs/permissions.md); staff
reads are recorded in the audit trail with codes starting ``api.``.
"""

from ninja import Router

from leerweg.paths.api.evidence import router as evidence_router
from leerweg.paths.api.goals import router as goals_router
from leerweg.paths.api.route import router as route_router

router = Router()
router.add_router("/", goals_router)
router.add_router("/", evidence_router)
router.add_router("/", route_router)

__all__ = ["router"]

"""xAPI credentials for tests, made directly: no audit line."""

from leerweg.lrs.credentials import create_credential, store_for_school
from leerweg.lrs.models import Credential
from leerweg.schools.models import School


def credential_url_arguments(school: School) -> dict[str, object]:
    """For the URL matrix: a working credential of ``school``'s own store (made once)."""
    store = store_for_school(school)
    credential = Credential.objects.filter(store=store, label="Roostertool").first()
    if credential is None:
        credential, _secret = create_credential(store, "Roostertool", None)
    return {"xapi_credential_id": credential.public_id}

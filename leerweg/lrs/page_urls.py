"""Pages of the LRS for people (the xAPI endpoints themselves are in ``urls``)."""

from django.urls import path

from leerweg.lrs.views import credentials, mapping

app_name = "lrs_pages"

urlpatterns = [
    path("vertaaltabel/", mapping.rule_list, name="mapping-list"),
    path("vertaaltabel/nieuw/", mapping.rule_create, name="mapping-create"),
    path("vertaaltabel/<int:rule_id>/", mapping.rule_edit, name="mapping-edit"),
    path("vertaaltabel/<int:rule_id>/verwijderen/", mapping.rule_delete, name="mapping-delete"),
    path("sleutels/", credentials.credential_list, name="credential-list"),
    path("sleutels/nieuw/", credentials.credential_create, name="credential-create"),
    path(
        "sleutels/<uuid:xapi_credential_id>/vernieuwen/",
        credentials.credential_rotate,
        name="credential-rotate",
    ),
    path(
        "sleutels/<uuid:xapi_credential_id>/intrekken/",
        credentials.credential_revoke,
        name="credential-revoke",
    ),
]

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language

from config.api import api
from leerweg.core.views import health
from leerweg.credentials.views.trust import did_urlpatterns

admin.site.site_header = "Leerweg"
admin.site.site_title = "Leerweg"

urlpatterns = [
    path("", include("leerweg.insight.urls")),
    path("account/", include("leerweg.accounts.urls")),
    path("school/", include("leerweg.schools.urls")),
    path("leerplan/", include("leerweg.curriculum.urls")),
    path("leerweg/", include("leerweg.paths.urls")),
    path("profiel/", include("leerweg.profiles.urls")),
    path("activiteiten/", include("leerweg.activities.urls")),
    path("", include("leerweg.consent.urls")),
    path("feedback/", include("leerweg.assessment.urls")),
    path("coaching/", include("leerweg.coaching.urls")),
    path("flex/", include("leerweg.flex.urls")),
    path("meldingen/", include("leerweg.notifications.urls")),
    path("initiatieven/", include("leerweg.initiatives.urls")),
    path("regio/", include("leerweg.directory.urls")),
    path("netwerken/", include("leerweg.networks.urls")),
    path("plusdocument/", include("leerweg.credentials.urls")),
    *did_urlpatterns,
    path("xapi/", include("leerweg.lrs.urls")),
    path("leerrecords/", include("leerweg.lrs.page_urls")),
    path("api/v1/", api.urls),
    path(
        "api/docs",
        login_not_required(RedirectView.as_view(pattern_name="api:openapi-view")),
        name="api-docs",
    ),
    path("beheer/", admin.site.urls),
    path("i18n/setlang/", login_not_required(set_language), name="set-language"),
    path("health", health, name="health"),
]

from django.urls import path

from leerweg.consent import views

app_name = "consent"

# Mounted at the site root: the partner portal lives at /partner/, which is
# also the xAPI ``account.homePage`` of the pseudonyms it hands out.
urlpatterns = [
    path("toestemming/", views.index, name="index"),
    path("toestemming/<uuid:student_id>/", views.student_page, name="student"),
    path("toestemming/<uuid:student_id>/koppelcode/", views.code_create, name="code-create"),
    path(
        "toestemming/<uuid:student_id>/koppelcode/annuleren/",
        views.code_cancel,
        name="code-cancel",
    ),
    path("toestemming/<uuid:student_id>/geven/", views.grant_give, name="grant-give"),
    path("toestemming/<uuid:student_id>/intrekken/", views.grant_withdraw, name="grant-withdraw"),
    path("toestemming/<uuid:student_id>/ontkoppelen/", views.link_end, name="link-end"),
    path("partner/", views.partner_links, name="partner-links"),
    path("partner/koppelen/", views.partner_redeem, name="partner-redeem"),
]

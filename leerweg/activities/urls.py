from django.urls import path

from leerweg.activities import views

app_name = "activities"

urlpatterns = [
    path("leerling/<uuid:student_id>/", views.timeline, name="timeline"),
    path("leerling/<uuid:student_id>/nieuw/", views.add, name="add"),
    path("<uuid:activity_id>/verwijderen/", views.remove, name="remove"),
    path("<uuid:activity_id>/verbergen/", views.hide, name="hide"),
    path("<uuid:activity_id>/partnerbevestiging/", views.validate, name="validate"),
    path("<uuid:activity_id>/partnerbevestiging/intrekken/", views.unvalidate, name="unvalidate"),
]

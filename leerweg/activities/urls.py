from django.urls import path

from leerweg.activities import views

app_name = "activities"

urlpatterns = [
    path("leerling/<uuid:student_id>/", views.timeline, name="timeline"),
    path("leerling/<uuid:student_id>/nieuw/", views.add, name="add"),
    path("<uuid:activity_id>/verwijderen/", views.remove, name="remove"),
]

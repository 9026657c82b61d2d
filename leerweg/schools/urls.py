from django.urls import path

from leerweg.schools import views

app_name = "schools"

urlpatterns = [
    path("groepen/", views.group_index, name="group-list"),
    path("groepen/<int:group_id>/", views.group_detail, name="group-detail"),
    path("leerlingen/<uuid:student_id>/", views.student_detail, name="student-detail"),
]

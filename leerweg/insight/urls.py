from django.urls import path

from leerweg.insight import views

app_name = "insight"

urlpatterns = [
    path("", views.home, name="home"),
    path("rol/", views.role_switch, name="role-switch"),
    path("privacy/", views.privacy, name="privacy"),
    path("privacy/inzage/", views.audit_school, name="audit-school"),
    path("privacy/wie-keek-mee/<uuid:student_id>/", views.audit_student, name="audit-student"),
    path("groep/<int:group_id>/overzicht/", views.class_overview_page, name="class-overview"),
    path("leerling/<uuid:student_id>/", views.portrait_page, name="portrait"),
]

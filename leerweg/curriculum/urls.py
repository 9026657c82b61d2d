from django.urls import path

from leerweg.curriculum import views

app_name = "curriculum"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("doelen/<int:curriculum_goal_id>/", views.goal_detail, name="goal-detail"),
    path("doelen/nieuw/", views.goal_create, name="goal-create"),
    path("doelen/<int:curriculum_goal_id>/bewerken/", views.goal_edit, name="goal-edit"),
    path("doelen/<int:curriculum_goal_id>/verwijderen/", views.goal_delete, name="goal-delete"),
    path("domeinen/nieuw/", views.domain_create, name="domain-create"),
    path("domeinen/<int:learning_domain_id>/bewerken/", views.domain_edit, name="domain-edit"),
    path(
        "domeinen/<int:learning_domain_id>/verwijderen/", views.domain_delete, name="domain-delete"
    ),
    path("leerlijnen/nieuw/", views.line_create, name="line-create"),
    path("leerlijnen/<int:learning_line_id>/bewerken/", views.line_edit, name="line-edit"),
    path("leerlijnen/<int:learning_line_id>/verwijderen/", views.line_delete, name="line-delete"),
    path("importeren/", views.curriculum_import, name="import"),
    path("exporteren/", views.curriculum_export, name="export"),
]

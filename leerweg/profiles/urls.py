from django.urls import path

from leerweg.profiles import views

app_name = "profiles"

urlpatterns = [
    path("", views.my_profile, name="mine"),
    path("over-mij/", views.save_about_me, name="about-me"),
    path("interesses/", views.save_interests, name="interests"),
    path("talenten/", views.add_talent, name="talent-add"),
    path("talenten/<int:talent_id>/verwijderen/", views.delete_talent, name="talent-delete"),
    path("vaardigheden/", views.save_skills, name="skills"),
    path("delen/", views.sharing, name="sharing"),
    path("delen/opslaan/", views.save_sharing, name="sharing-save"),
]

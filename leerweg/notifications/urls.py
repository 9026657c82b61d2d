from django.urls import path

from leerweg.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<uuid:notification_id>/gelezen/", views.notification_read, name="read"),
    path("alles-gelezen/", views.notifications_read_all, name="read-all"),
    path("instellingen/", views.notification_preferences, name="preferences"),
]

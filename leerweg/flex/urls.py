from leerweg.flex.views import choosing, mandatory, sessions, setup

app_name = "flex"

# Access is checked in each view through flex.access.
urlpatterns = [
    *setup.urlpatterns,
    *sessions.urlpatterns,
    *choosing.urlpatterns,
    *mandatory.urlpatterns,
]

from leerweg.networks.views import areas, meetings, networks, sharing

app_name = "networks"

urlpatterns = [
    *networks.urlpatterns,
    *meetings.urlpatterns,
    *sharing.urlpatterns,
    *areas.urlpatterns,
]

from leerweg.paths.views import evidence, goals, route

app_name = "paths"

# Every URL names the student it is about, so that staff and the student use
# the same pages; access is checked in each view.
urlpatterns = [
    # Own goals and plans.
    *goals.urlpatterns,
    # Evidence.
    *evidence.urlpatterns,
    # The learning route and proposals to change it.
    *route.urlpatterns,
]

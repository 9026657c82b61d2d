from leerweg.coaching.views import caseload, conversations, daystarts

app_name = "coaching"

# Access is checked in each view through coaching.access.
urlpatterns = [
    *conversations.urlpatterns,
    *daystarts.urlpatterns,
    *caseload.urlpatterns,
]

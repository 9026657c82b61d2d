from leerweg.flex.views import (
    attendance,
    calendar,
    choosing,
    exports,
    mandatory,
    runs,
    schedule,
    sessions,
    setup,
)

app_name = "flex"

# Access is checked in each view through flex.access.
urlpatterns = [
    *setup.urlpatterns,
    *sessions.urlpatterns,
    *choosing.urlpatterns,
    *mandatory.urlpatterns,
    *schedule.urlpatterns,
    *attendance.urlpatterns,
    *exports.urlpatterns,
    *calendar.urlpatterns,
    *runs.urlpatterns,
]

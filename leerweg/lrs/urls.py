from django.urls import path

from leerweg.lrs.views import about, documents, statements

app_name = "lrs"

# No trailing slashes: xAPI clients append resource names to the endpoint
# exactly as the specification spells them.
urlpatterns = [
    path("statements", statements.statements, name="statements"),
    path("about", about.about, name="about"),
    path("activities/state", documents.state, name="state"),
    path("activities/profile", documents.activity_profile, name="activity-profile"),
    path("activities", documents.activities, name="activities"),
    path("agents/profile", documents.agent_profile, name="agent-profile"),
    path("agents", documents.agents, name="agents"),
]

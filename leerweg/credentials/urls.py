from leerweg.credentials.views import batch, documents, manage, trust

app_name = "credentials"

# Access is checked in each view (credentials.trust.access and the public pages).
urlpatterns = [
    *trust.urlpatterns,
    *documents.urlpatterns,
    *batch.urlpatterns,
    *manage.urlpatterns,
]

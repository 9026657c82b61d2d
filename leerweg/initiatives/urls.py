from leerweg.initiatives.views import moderation, public, register

app_name = "initiatives"

# The register is public: the views say so with ``login_not_required``;
# moderation needs the permission ``initiatives.moderate_initiative``.
urlpatterns = [
    *register.urlpatterns,
    *moderation.urlpatterns,
    *public.urlpatterns,
]

from leerweg.directory.views import partners, public, schools, students

app_name = "directory"

# The directory is public (``login_not_required`` in its views); offers need
# a role: students, partners and school staff each have their own pages.
urlpatterns = [
    *students.urlpatterns,
    *partners.urlpatterns,
    *schools.urlpatterns,
    *public.urlpatterns,
]

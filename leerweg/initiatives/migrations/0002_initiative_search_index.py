from django.db import migrations

from leerweg.core.search import AddIndexOnPostgres, search_index


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0001_initiative_register"),
    ]

    operations = [
        AddIndexOnPostgres(
            model_name="initiative",
            index=search_index("initiative_search", ("title", "organisation", "description")),
        ),
    ]

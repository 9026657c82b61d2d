from django.db import migrations

from leerweg.core.search import AddIndexOnPostgres, search_index


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0001_directory_and_offers"),
    ]

    operations = [
        AddIndexOnPostgres(
            model_name="directoryentry",
            index=search_index("entry_search", ("name", "tags", "description")),
        ),
    ]

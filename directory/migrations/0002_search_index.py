from django.db import migrations


def create_index(apps, schema_editor):
    from directory.search.backends import backend

    backend().create(schema_editor)


def drop_index(apps, schema_editor):
    from directory.search.backends import backend

    backend().drop(schema_editor)


class Migration(migrations.Migration):
    """The full-text index: an FTS5 table on SQLite, a tsvector table with GIN on PostgreSQL."""

    dependencies = [("directory", "0001_initial")]
    operations = [migrations.RunPython(create_index, drop_index)]

from django.db import migrations


def seed(apps, schema_editor):
    from directory.taxonomy import seed

    seed(apps.get_model("directory", "Category"), apps.get_model("directory", "Language"))


class Migration(migrations.Migration):
    """The issue taxonomy of DOMAIN.md §1 and the languages meetings are held in."""

    dependencies = [("directory", "0002_search_index")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

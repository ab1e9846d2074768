from django.db import migrations, models


def recreate_index(apps, schema_editor):
    from directory.search.backends import backend

    engine = backend()
    engine.drop(schema_editor)
    engine.create(schema_editor)
    from directory.search.index import rebuild

    rebuild(apps=apps)


class Migration(migrations.Migration):
    """Tags in the search index, so that filters and counts are answered by the index."""

    dependencies = [("directory", "0009_plainer_statuses_and_undo")]
    operations = [
        migrations.CreateModel(
            name="SearchIndexState",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("fresh_after", models.DateField(blank=True, null=True)),
            ],
            options={"verbose_name": "search index state", "verbose_name_plural": "search index state"},
        ),
        migrations.AddIndex(
            model_name="group",
            index=models.Index(fields=["name", "id"], name="group_name_idx"),
        ),
        migrations.AddIndex(
            model_name="group",
            index=models.Index(fields=["last_confirmed_on"], name="group_confirmed_idx"),
        ),
        migrations.RunPython(recreate_index, migrations.RunPython.noop),
    ]

# Search by distance reads groups, meetings and venues through narrow indexes.

from django.conf import settings
from django.db import migrations, models


def analyze(apps, schema_editor):
    # Statistics for the new indexes, so that the query planner weighs them.
    schema_editor.execute("ANALYZE")


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0010_search_tags'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='meeting',
            name='meeting_group_day_idx',
        ),
        migrations.AddIndex(
            model_name='group',
            index=models.Index(fields=['id', 'meets_in_person', 'meets_online', 'name'], name='group_search_idx'),
        ),
        migrations.AddIndex(
            model_name='meeting',
            index=models.Index(fields=['group', 'attendance', 'venue'], name='meeting_search_idx'),
        ),
        migrations.AddIndex(
            model_name='venue',
            index=models.Index(fields=['id', 'latitude', 'longitude'], name='venue_search_idx'),
        ),
        migrations.RunPython(analyze, migrations.RunPython.noop),
    ]

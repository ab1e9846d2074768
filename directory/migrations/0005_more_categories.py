from django.db import migrations


def seed(apps, schema_editor):
    from directory.taxonomy import TAXONOMY, seed

    Category = apps.get_model("directory", "Category")
    seed(Category, apps.get_model("directory", "Language"))
    # Everyday names and the short forms people search for (AA, OCD, PTSD, ADHD).
    for slug, name, keywords, children in TAXONOMY:
        Category.objects.filter(slug=slug).update(name=str(name), keywords=keywords)
        for child_slug, child_name, child_keywords in children:
            Category.objects.filter(slug=child_slug).update(name=str(child_name), keywords=child_keywords)


class Migration(migrations.Migration):
    """Adds multiple sclerosis and Parkinson's, everyday names and common short forms."""

    dependencies = [("directory", "0004_drop_public_index")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

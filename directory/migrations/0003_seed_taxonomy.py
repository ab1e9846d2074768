from django.db import migrations


def seed(apps, schema_editor):
    from directory.taxonomy import LANGUAGES, TAXONOMY

    Category = apps.get_model("directory", "Category")
    Language = apps.get_model("directory", "Language")
    for position, (slug, name, keywords, children) in enumerate(TAXONOMY):
        parent, _ = Category.objects.get_or_create(
            slug=slug, defaults={"name": str(name), "keywords": keywords, "position": position}
        )
        for child_position, (child_slug, child_name, child_keywords) in enumerate(children):
            Category.objects.get_or_create(
                slug=child_slug,
                defaults={"name": str(child_name), "keywords": child_keywords,
                          "position": child_position, "parent": parent},
            )
    for code, name in LANGUAGES:
        Language.objects.get_or_create(code=code, defaults={"name": str(name)})


class Migration(migrations.Migration):
    """The issue taxonomy of DOMAIN.md §1 and the languages meetings are held in."""

    dependencies = [("directory", "0002_search_index")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

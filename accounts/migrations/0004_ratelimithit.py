from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0003_staff_permission_group"),
    ]

    operations = [
        migrations.RenameModel("SignInAttempt", "RateLimitHit"),
        migrations.AlterModelOptions(
            name="ratelimithit",
            options={"verbose_name": "counted attempt", "verbose_name_plural": "counted attempts"},
        ),
        migrations.AddField(
            model_name="ratelimithit",
            name="limit",
            field=models.CharField(db_index=True, default="", max_length=40),
        ),
    ]

"""Ratings get a revision (raised on each rating): the order of their copies on the hub
(sync contract v1.2). A rating already there has been given once: revision 1."""

from django.db import migrations, models


def existing_rated_once(apps, schema_editor):
    apps.get_model("feedback", "Rating").objects.update(revision=1)


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0002_lifecycle"),
    ]

    operations = [
        migrations.AddField(
            model_name="rating",
            name="revision",
            field=models.PositiveIntegerField(
                default=0,
                help_text="Tăng mỗi lần người nộp đánh giá (lại); thứ tự của bản đồng bộ lên hub.",
                verbose_name="lần đánh giá",
            ),
        ),
        migrations.RunPython(existing_rated_once, migrations.RunPython.noop),
    ]

"""Feedback and Rating now belong to motcua.feedback (feedback 0001 took their tables into its
state). Here they leave the portal's state only: the tables and their rows stay."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("feedback", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Feedback"),
                migrations.DeleteModel(name="Rating"),
            ],
            database_operations=[],
        )
    ]

from django.db import migrations, models

# Fill the counts of dossiers received before this migration: one set-based statement
# (UPDATE ... FROM: PostgreSQL, SQLite >= 3.33), one pass over the documents.
BACKFILL = """
UPDATE dossiers_dossier SET
    documents_total = c.total, documents_digitized = c.digitized, documents_reused = c.reused
FROM (
    SELECT dossier_id, COUNT(*) AS total,
           SUM(CASE WHEN digitized THEN 1 ELSE 0 END) AS digitized,
           SUM(CASE WHEN reused_from <> '' THEN 1 ELSE 0 END) AS reused
    FROM dossiers_dossierdocument GROUP BY dossier_id
) AS c
WHERE c.dossier_id = dossiers_dossier.id
"""


class Migration(migrations.Migration):

    dependencies = [
        ("dossiers", "0002_inbox_open_due_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="dossier",
            name="documents_total",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="số thành phần hồ sơ"),
        ),
        migrations.AddField(
            model_name="dossier",
            name="documents_digitized",
            field=models.PositiveSmallIntegerField(
                default=0, verbose_name="số thành phần đã số hóa"
            ),
        ),
        migrations.AddField(
            model_name="dossier",
            name="documents_reused",
            field=models.PositiveSmallIntegerField(
                default=0, verbose_name="số thành phần tái sử dụng kết quả số hóa"
            ),
        ),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop, elidable=True),
    ]

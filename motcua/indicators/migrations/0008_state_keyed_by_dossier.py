"""`DossierIndicatorState` keyed by the dossier's id instead of its code (models.py says why).
The rows are carried over (joined to the dossiers by code), so the incremental rollups stay
consistent without a rebuild; the old table is then dropped."""

from django.db import migrations, models

COLUMNS = (
    "seq, agency_id, procedure_id, field_id, province_code, received_day, received_bits,"
    " processing_seconds, processing_workdays, finished_day, finished_bits, open_due_day,"
    " open_kind"
)
CARRY_OVER = (
    f"INSERT INTO indicators_dossierindicatorstate (dossier_id, {COLUMNS})"
    f" SELECT d.id, {', '.join('s.' + c.strip() for c in COLUMNS.split(','))}"
    " FROM indicators_dossierindicatorstatebycode s"
    " JOIN dossiers_dossier d ON d.code = s.code"
)


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0003_dossier_document_counts"),
        ("indicators", "0007_processing_workdays"),
    ]

    operations = [
        migrations.RenameModel("DossierIndicatorState", "DossierIndicatorStateByCode"),
        migrations.CreateModel(
            name="DossierIndicatorState",
            fields=[
                (
                    "dossier_id",
                    models.BigIntegerField(primary_key=True, serialize=False, verbose_name="hồ sơ"),
                ),
                (
                    "seq",
                    models.PositiveIntegerField(default=0, verbose_name="sự kiện cuối đã áp dụng"),
                ),
                ("agency_id", models.BigIntegerField(verbose_name="cơ quan giải quyết")),
                ("procedure_id", models.BigIntegerField(verbose_name="thủ tục")),
                ("field_id", models.BigIntegerField(verbose_name="lĩnh vực")),
                ("province_code", models.CharField(max_length=2, verbose_name="mã tỉnh")),
                ("received_day", models.DateField(null=True)),
                ("received_bits", models.IntegerField(default=0)),
                ("processing_seconds", models.BigIntegerField(default=0)),
                ("processing_workdays", models.BigIntegerField(default=0)),
                ("finished_day", models.DateField(null=True)),
                ("finished_bits", models.IntegerField(default=0)),
                ("open_due_day", models.DateField(null=True)),
                ("open_kind", models.SmallIntegerField(null=True)),
            ],
            options={
                "verbose_name": "trạng thái chỉ số của hồ sơ",
                "verbose_name_plural": "trạng thái chỉ số của hồ sơ",
            },
        ),
        migrations.RunSQL(CARRY_OVER, migrations.RunSQL.noop, elidable=True),
        migrations.DeleteModel("DossierIndicatorStateByCode"),
    ]

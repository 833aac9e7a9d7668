# Indicator 2.2 in working days: the processing_workdays counter of the rollups and the
# per-dossier states (0 in existing rows until `indicators_rebuild` / `indicators_hub_refresh
# --rebuild` runs; docs/operations.md).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('indicators', '0006_rollup_single_indexes_dropped'),
    ]

    operations = [
        migrations.AddField(
            model_name='dailyrollup',
            name='processing_workdays',
            field=models.BigIntegerField(default=0, help_text='Ngày làm việc sau ngày tiếp nhận đến ngày kết thúc xử lý, trừ thời gian chờ bổ sung (chỉ số 2.2; processing_time.py).', verbose_name='tổng thời gian giải quyết (ngày làm việc)'),
        ),
        migrations.AddField(
            model_name='dossierindicatorstate',
            name='processing_workdays',
            field=models.BigIntegerField(default=0),
        ),
        migrations.AddField(
            model_name='hubdailyrollup',
            name='processing_workdays',
            field=models.BigIntegerField(default=0, help_text='Ngày làm việc sau ngày tiếp nhận đến ngày kết thúc xử lý, trừ thời gian chờ bổ sung (chỉ số 2.2; processing_time.py).', verbose_name='tổng thời gian giải quyết (ngày làm việc)'),
        ),
        migrations.AddField(
            model_name='hubdossierstate',
            name='processing_workdays',
            field=models.BigIntegerField(default=0),
        ),
        migrations.AddField(
            model_name='hubmonthlyrollup',
            name='processing_workdays',
            field=models.BigIntegerField(default=0, help_text='Ngày làm việc sau ngày tiếp nhận đến ngày kết thúc xử lý, trừ thời gian chờ bổ sung (chỉ số 2.2; processing_time.py).', verbose_name='tổng thời gian giải quyết (ngày làm việc)'),
        ),
        migrations.AddField(
            model_name='monthlyrollup',
            name='processing_workdays',
            field=models.BigIntegerField(default=0, help_text='Ngày làm việc sau ngày tiếp nhận đến ngày kết thúc xử lý, trừ thời gian chờ bổ sung (chỉ số 2.2; processing_time.py).', verbose_name='tổng thời gian giải quyết (ngày làm việc)'),
        ),
    ]

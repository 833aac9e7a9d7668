# Single-column indexes on the rollup keys: every lookup uses the composite keys.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('agencies', '0001_initial'),
        ('indicators', '0005_state_code_bytewise'),
        ('procedures', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='dailyrollup',
            name='agency',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='agencies.agency', verbose_name='cơ quan giải quyết'),
        ),
        migrations.AlterField(
            model_name='dailyrollup',
            name='field',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='procedures.field', verbose_name='lĩnh vực'),
        ),
        migrations.AlterField(
            model_name='dailyrollup',
            name='procedure',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='procedures.procedure', verbose_name='thủ tục'),
        ),
        migrations.AlterField(
            model_name='monthlyrollup',
            name='agency',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='agencies.agency', verbose_name='cơ quan giải quyết'),
        ),
        migrations.AlterField(
            model_name='monthlyrollup',
            name='field',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='procedures.field', verbose_name='lĩnh vực'),
        ),
        migrations.AlterField(
            model_name='monthlyrollup',
            name='procedure',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='procedures.procedure', verbose_name='thủ tục'),
        ),
        migrations.AlterField(
            model_name='openrollup',
            name='agency',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='agencies.agency'),
        ),
        migrations.AlterField(
            model_name='openrollup',
            name='field',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='procedures.field'),
        ),
        migrations.AlterField(
            model_name='openrollup',
            name='procedure',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='procedures.procedure'),
        ),
        migrations.AlterField(
            model_name='proceduredays',
            name='agency',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='agencies.agency'),
        ),
        migrations.AlterField(
            model_name='proceduredays',
            name='field',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='procedures.field'),
        ),
        migrations.AlterField(
            model_name='proceduredays',
            name='procedure',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='procedures.procedure'),
        ),
    ]

"""Feedback and Rating move here from the portal app. Their tables (`portal_feedback`,
`portal_rating`) already exist: this migration only takes them into the feedback app's state;
portal 0002 drops them from the portal's state. No row is touched."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("portal", "0001_initial"),
        ("dossiers", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    state_operations = [
        migrations.CreateModel(
            name="Feedback",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=[("reflection", "Phản ánh"), ("recommendation", "Kiến nghị")], max_length=20, verbose_name="loại")),
                ("content", models.TextField(verbose_name="nội dung")),
                ("status", models.CharField(choices=[("received", "Đã tiếp nhận"), ("processing", "Đang xử lý"), ("answered", "Đã trả lời")], default="received", max_length=20, verbose_name="trạng thái")),
                ("received_at", models.DateTimeField(verbose_name="tiếp nhận lúc")),
                ("answered_at", models.DateTimeField(blank=True, null=True, verbose_name="trả lời lúc")),
                ("answer", models.TextField(blank=True, verbose_name="nội dung trả lời")),
                ("dossier", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="feedback", to="dossiers.dossier", verbose_name="hồ sơ liên quan")),
                ("user", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="người gửi")),
            ],
            options={
                "db_table": "portal_feedback",
                "verbose_name": "phản ánh, kiến nghị",
                "verbose_name_plural": "phản ánh, kiến nghị",
                "ordering": ["-received_at"],
            },
        ),
        migrations.CreateModel(
            name="Rating",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="tạo lúc")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="cập nhật lúc")),
                ("score", models.PositiveSmallIntegerField(choices=[(5, "Rất hài lòng"), (4, "Hài lòng"), (3, "Bình thường"), (2, "Không hài lòng"), (1, "Rất không hài lòng")], validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name="mức độ hài lòng")),
                ("comment", models.TextField(blank=True, verbose_name="ý kiến")),
                ("dossier", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="rating", to="dossiers.dossier", verbose_name="hồ sơ")),
            ],
            options={
                "db_table": "portal_rating",
                "verbose_name": "đánh giá mức độ hài lòng",
                "verbose_name_plural": "đánh giá mức độ hài lòng",
                "constraints": [models.CheckConstraint(condition=models.Q(("score__gte", 1), ("score__lte", 5)), name="portal_rating_score_1_5")],
            },
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations, database_operations=[])
    ]

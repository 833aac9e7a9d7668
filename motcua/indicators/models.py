"""Rollup tables: every dashboard number is a SUM over a few thousand of these rows.

`DailyRollup` is the truth, `MonthlyRollup` the same counters per month (kept by the same
deltas) so a year reads twelve cells per agency and procedure, not 365. `OpenRollup` counts the
dossiers still open by due day, read against today's date for "overdue now" and "due soon".
`DossierIndicatorState` remembers what each dossier last contributed, so a redelivered or
older event changes nothing and a newer one moves only the difference.

Every rollup table holds each dossier's counts at three **grains**, told apart by `procedure_id`
(see `rollup_queries.grain_of`): the procedure itself (> 0); its field, as `procedure_id =
-field_id`; and the whole agency, as `procedure_id = 0` (`field_id = 0`). A dashboard without
filters therefore reads one row per agency and month, not one per agency, procedure and month.
`ProcedureDays` keeps, per year, agency and procedure, the days with an online or a fee dossier
as bit masks (`daymask.py`): the distinct-procedure counts of 3.2 and 3.5.
"""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models

from motcua.indicators.config import SUB_INDICATORS


class RollupCounters(models.Model):
    """The counters every rollup cell holds (contribution.COUNTERS), province and hub alike."""

    received = models.BigIntegerField("tiếp nhận", default=0)
    received_online = models.BigIntegerField("tiếp nhận trực tuyến", default=0)
    received_postal = models.BigIntegerField("tiếp nhận qua bưu chính", default=0)
    received_full_online = models.BigIntegerField("trực tuyến toàn trình", default=0)
    digitized = models.BigIntegerField("số hóa", default=0)
    reused = models.BigIntegerField("tái sử dụng dữ liệu số", default=0)
    identity_verified = models.BigIntegerField("xác thực định danh", default=0)
    fee_dossiers = models.BigIntegerField("có phí, lệ phí", default=0)
    paid_online = models.BigIntegerField("thanh toán trực tuyến", default=0)
    completed = models.BigIntegerField("đã giải quyết (theo ngày tiếp nhận)", default=0)
    processing_seconds = models.BigIntegerField("tổng thời gian giải quyết (giây)", default=0)
    processing_workdays = models.BigIntegerField(
        "tổng thời gian giải quyết (ngày làm việc)",
        default=0,
        help_text="Ngày làm việc sau ngày tiếp nhận đến ngày kết thúc xử lý, trừ thời gian chờ "
        "bổ sung (chỉ số 2.2; processing_time.py).",
    )
    finished = models.BigIntegerField("kết thúc xử lý", default=0)
    on_time = models.BigIntegerField("đúng hạn", default=0)
    resolved = models.BigIntegerField("đã giải quyết", default=0)
    e_result = models.BigIntegerField("có kết quả điện tử", default=0)
    stopped = models.BigIntegerField("dừng xử lý, rút", default=0)
    refused = models.BigIntegerField("từ chối tiếp nhận", default=0)

    class Meta:
        abstract = True


class RollupKey(RollupCounters):
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # the composite keys and indexes below serve every lookup
        related_name="+",
        verbose_name="cơ quan giải quyết",
    )
    procedure = models.ForeignKey(
        "procedures.Procedure",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # the composite keys and indexes below serve every lookup
        related_name="+",
        verbose_name="thủ tục",
    )
    field = models.ForeignKey(
        "procedures.Field",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # the composite keys and indexes below serve every lookup
        related_name="+",
        verbose_name="lĩnh vực",
    )
    province_code = models.CharField("mã tỉnh", max_length=2)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.procedure_id}"


class DailyRollup(RollupKey):
    day = models.DateField("ngày")

    class Meta:
        verbose_name = "số liệu theo ngày"
        verbose_name_plural = "số liệu theo ngày"
        constraints = [
            models.UniqueConstraint(
                fields=["day", "agency", "procedure"], name="indicators_daily_key"
            )
        ]
        indexes = [
            models.Index(
                fields=["province_code", "procedure", "day"], name="indicators_daily_prov_g"
            ),
            models.Index(fields=["agency", "procedure", "day"], name="indicators_daily_agency_g"),
        ]


class MonthlyRollup(RollupKey):
    month = models.DateField("tháng", help_text="Ngày đầu tháng.")

    class Meta:
        verbose_name = "số liệu theo tháng"
        verbose_name_plural = "số liệu theo tháng"
        constraints = [
            models.UniqueConstraint(
                fields=["month", "agency", "procedure"], name="indicators_monthly_key"
            )
        ]
        indexes = [
            models.Index(
                fields=["province_code", "procedure", "month"], name="indicators_monthly_prov_g"
            ),
            models.Index(
                fields=["agency", "procedure", "month"], name="indicators_monthly_agency_g"
            ),
        ]


class OpenRollup(models.Model):
    """Open dossiers per (agency, procedure, due day, kind): see contribution.OpenKind."""

    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    procedure = models.ForeignKey(
        "procedures.Procedure",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    field = models.ForeignKey(
        "procedures.Field",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    province_code = models.CharField("mã tỉnh", max_length=2)
    due_day = models.DateField("hạn trả (ngày)")
    kind = models.PositiveSmallIntegerField("loại")
    count = models.BigIntegerField("số hồ sơ", default=0)

    class Meta:
        verbose_name = "hồ sơ đang giải quyết"
        verbose_name_plural = "hồ sơ đang giải quyết"
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "procedure", "due_day", "kind"], name="indicators_open_key"
            )
        ]
        indexes = [
            models.Index(
                fields=["province_code", "procedure", "due_day"], name="indicators_open_prov_g"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.procedure_id} {self.due_day}: {self.count}"


class ProcedureDays(models.Model):
    """The days of one year on which a procedure had an online / a fee dossier at an agency
    (766: 3.2 and 3.5 count distinct procedures used in the period). Bit masks: `daymask.py`."""

    year = models.PositiveSmallIntegerField("năm")
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    procedure = models.ForeignKey(
        "procedures.Procedure",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    field = models.ForeignKey(
        "procedures.Field",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    province_code = models.CharField("mã tỉnh", max_length=2)
    online_w0 = models.BigIntegerField(default=0)
    online_w1 = models.BigIntegerField(default=0)
    online_w2 = models.BigIntegerField(default=0)
    online_w3 = models.BigIntegerField(default=0)
    online_w4 = models.BigIntegerField(default=0)
    online_w5 = models.BigIntegerField(default=0)
    fee_w0 = models.BigIntegerField(default=0)
    fee_w1 = models.BigIntegerField(default=0)
    fee_w2 = models.BigIntegerField(default=0)
    fee_w3 = models.BigIntegerField(default=0)
    fee_w4 = models.BigIntegerField(default=0)
    fee_w5 = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "ngày có hồ sơ của thủ tục"
        verbose_name_plural = "ngày có hồ sơ của thủ tục"
        constraints = [
            models.UniqueConstraint(
                fields=["year", "agency", "procedure"], name="indicators_days_key"
            )
        ]
        indexes = [
            models.Index(fields=["province_code", "year"], name="indicators_days_prov"),
            models.Index(fields=["agency", "year"], name="indicators_days_agency"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.agency_id}/{self.procedure_id}"


class DossierIndicatorState(models.Model):
    """What one dossier last contributed; the last event applied (dedupe and ordering).

    Keyed by the dossier's id: the rebuild writes one row per dossier in id order, so the key
    is built from presorted integers (a text key of 10 M codes sharing long prefixes took
    14 s to sort: docs/benchmarks/indicators.md)."""

    dossier_id = models.BigIntegerField("hồ sơ", primary_key=True)
    seq = models.PositiveIntegerField("sự kiện cuối đã áp dụng", default=0)
    agency_id = models.BigIntegerField("cơ quan giải quyết")
    procedure_id = models.BigIntegerField("thủ tục")
    field_id = models.BigIntegerField("lĩnh vực")
    province_code = models.CharField("mã tỉnh", max_length=2)
    received_day = models.DateField(null=True)
    received_bits = models.IntegerField(default=0)
    processing_seconds = models.BigIntegerField(default=0)
    processing_workdays = models.BigIntegerField(default=0)
    finished_day = models.DateField(null=True)
    finished_bits = models.IntegerField(default=0)
    open_due_day = models.DateField(null=True)
    open_kind = models.SmallIntegerField(null=True)

    class Meta:
        verbose_name = "trạng thái chỉ số của hồ sơ"
        verbose_name_plural = "trạng thái chỉ số của hồ sơ"

    def __str__(self) -> str:
        return f"{self.dossier_id}#{self.seq}"


class IndicatorWeight(models.Model):
    """Points of one 766 sub-indicator inside its group (configuration; config.py defaults)."""

    code = models.CharField(
        "mã chỉ số",
        max_length=5,
        unique=True,
        choices=[(c, f"{c} {v[2]}") for c, v in SUB_INDICATORS.items()],
    )
    points = models.DecimalField(
        "điểm tối đa", max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )

    class Meta:
        verbose_name = "điểm chỉ số 766"
        verbose_name_plural = "điểm chỉ số 766"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code}: {self.points}"


class RollupStamp(models.Model):
    """One row per province, bumped by every batch that changes its rollups (and by a rebuild):
    part of the cache key of the computed rankings, so a new event shows at once."""

    province_code = models.CharField("mã tỉnh", max_length=2, primary_key=True)
    version = models.BigIntegerField("phiên bản", default=0)
    changed_at = models.DateTimeField("thay đổi lúc")

    class Meta:
        verbose_name = "dấu thay đổi số liệu"
        verbose_name_plural = "dấu thay đổi số liệu"

    def __str__(self) -> str:
        return f"{self.province_code}#{self.version}"


# The hub's tables (keyed by e-ID and procedure code strings): registered with this app.
from motcua.indicators.hub_models import (  # noqa: E402, F401
    HubDailyRollup,
    HubDossierState,
    HubMonthlyRollup,
    HubOpenRollup,
    HubProvinceMark,
)

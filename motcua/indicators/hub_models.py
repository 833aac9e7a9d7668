"""The hub's rollup tables, kept from the replica of every province's dossiers (hub.py).

The hub has no Dossier rows and need not hold every province's agencies or procedures, so
these tables are keyed by what every replica carries: the province code, the handling
agency's e-ID, the procedure code (MaTTHC) and the day or month — strings, not foreign keys.
The counters and their meaning are those of `models.RollupKey` (contribution.COUNTERS).
Imported by models.py so that Django registers them with the indicators app.
"""

from django.db import models

from motcua.indicators.models import RollupCounters


class HubRollupKey(RollupCounters):
    province_code = models.CharField("mã tỉnh", max_length=8)
    agency_eid = models.CharField("mã định danh cơ quan giải quyết", max_length=35)
    procedure_code = models.CharField("mã thủ tục", max_length=64)
    field_code = models.CharField("mã lĩnh vực", max_length=64, blank=True, default="")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.province_code}/{self.agency_eid}/{self.procedure_code}"


class HubDailyRollup(HubRollupKey):
    day = models.DateField("ngày")

    class Meta:
        verbose_name = "số liệu toàn quốc theo ngày"
        verbose_name_plural = "số liệu toàn quốc theo ngày"
        constraints = [
            models.UniqueConstraint(
                fields=["day", "province_code", "agency_eid", "procedure_code"],
                name="indicators_hubdaily_key",
            )
        ]
        indexes = [
            models.Index(fields=["province_code", "day"], name="indicators_hubdaily_prov"),
        ]


class HubMonthlyRollup(HubRollupKey):
    month = models.DateField("tháng", help_text="Ngày đầu tháng.")

    class Meta:
        verbose_name = "số liệu toàn quốc theo tháng"
        verbose_name_plural = "số liệu toàn quốc theo tháng"
        constraints = [
            models.UniqueConstraint(
                fields=["month", "province_code", "agency_eid", "procedure_code"],
                name="indicators_hubmonthly_key",
            )
        ]
        indexes = [
            models.Index(fields=["province_code", "month"], name="indicators_hubmonthly_prov"),
        ]


class HubOpenRollup(models.Model):
    """Open dossiers per (province, agency e-ID, procedure, due day, kind): contribution.OpenKind."""

    province_code = models.CharField("mã tỉnh", max_length=8)
    agency_eid = models.CharField("mã định danh cơ quan giải quyết", max_length=35)
    procedure_code = models.CharField("mã thủ tục", max_length=64)
    field_code = models.CharField("mã lĩnh vực", max_length=64, blank=True, default="")
    due_day = models.DateField("hạn trả (ngày)")
    kind = models.PositiveSmallIntegerField("loại")
    count = models.BigIntegerField("số hồ sơ", default=0)

    class Meta:
        verbose_name = "hồ sơ đang giải quyết (toàn quốc)"
        verbose_name_plural = "hồ sơ đang giải quyết (toàn quốc)"
        constraints = [
            models.UniqueConstraint(
                fields=["province_code", "agency_eid", "procedure_code", "due_day", "kind"],
                name="indicators_hubopen_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.province_code}/{self.agency_eid}/{self.procedure_code}: {self.count}"


class HubDossierState(models.Model):
    """What one replica last contributed, and which replica version (seq, event id) that was.

    Also the drill-down index: "the dossiers behind a number" are the states whose cells and
    bits make that number, so the list agrees with the rollups by construction."""

    province_code = models.CharField("mã tỉnh", max_length=8)
    code = models.CharField("mã hồ sơ", max_length=64)
    seq = models.PositiveIntegerField("sự kiện cuối đã áp dụng", default=0)
    event_id = models.UUIDField("mã sự kiện cuối đã áp dụng", null=True)
    agency_eid = models.CharField("cơ quan giải quyết", max_length=35)
    procedure_code = models.CharField("mã thủ tục", max_length=64)
    field_code = models.CharField("mã lĩnh vực", max_length=64, blank=True, default="")
    received_day = models.DateField(null=True)
    received_bits = models.IntegerField(default=0)
    processing_seconds = models.BigIntegerField(default=0)
    processing_workdays = models.BigIntegerField(default=0)
    finished_day = models.DateField(null=True)
    finished_bits = models.IntegerField(default=0)
    open_due_day = models.DateField(null=True)
    open_kind = models.SmallIntegerField(null=True)

    class Meta:
        verbose_name = "trạng thái chỉ số của bản sao hồ sơ"
        verbose_name_plural = "trạng thái chỉ số của bản sao hồ sơ"
        constraints = [
            models.UniqueConstraint(
                fields=["province_code", "code"], name="indicators_hubstate_key"
            )
        ]
        indexes = [
            models.Index(fields=["province_code", "received_day"], name="indicators_hubstate_recv"),
            models.Index(fields=["province_code", "finished_day"], name="indicators_hubstate_fin"),
            models.Index(fields=["province_code", "open_due_day"], name="indicators_hubstate_open"),
        ]

    def __str__(self) -> str:
        return f"{self.province_code}/{self.code}#{self.seq}"


class HubProvinceMark(models.Model):
    """One row per province: the lock that serialises updates of its hub rollups, the version
    bumped by each change (part of the pages' cache key) and the catch-up watermark."""

    province_code = models.CharField("mã tỉnh", max_length=8, primary_key=True)
    version = models.BigIntegerField("phiên bản", default=0)
    changed_at = models.DateTimeField("thay đổi lúc", null=True)
    applied_through = models.DateTimeField(
        "đã đối chiếu bản sao đến",
        null=True,
        help_text="Mốc `applied_at` của bản sao mà lần bắt kịp gần nhất đã đối chiếu.",
    )

    class Meta:
        verbose_name = "dấu số liệu toàn quốc của tỉnh"
        verbose_name_plural = "dấu số liệu toàn quốc của tỉnh"

    def __str__(self) -> str:
        return f"{self.province_code}#{self.version}"

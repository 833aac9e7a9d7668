"""Province operator: one digest exchange with the hub (or a loop), re-sending what differs.

The first line of each exchange is the dossiers' (as before contract v1.3); a line per PAKN and
rating stream follows."""

import time

from django.core.management.base import BaseCommand, CommandError

from motcua.sync.reconcile import (
    HUB_TOO_OLD,
    NOT_SYNCED,
    HubUnavailableError,
    StreamReport,
    sync_reconcile,
)

STREAM_LABELS = {"feedback": "Phản ánh, kiến nghị", "rating": "Đánh giá hồ sơ"}
SKIP_REASONS = {
    NOT_SYNCED: "không đối soát: nút này không gửi loại dữ liệu này lên hub.",
    HUB_TOO_OLD: "không đối soát được: hub chưa hỗ trợ (cần hub theo hợp đồng v1.3), "
    "hãy nâng cấp hub.",
}


def _counts(report: StreamReport) -> str:
    return (
        f"buckets={report.buckets} divergent={len(report.divergent_buckets)} "
        f"resent={report.resent} in_flight={report.in_flight} "
        f"blocked={report.blocked} unknown_on_province={len(report.unknown_on_province)} "
        f"converged={'yes' if report.converged else 'no'}"
    )


def _stream_line(label: str, report: StreamReport) -> str:
    if report.skipped:
        return f"{label}: {SKIP_REASONS[report.skipped]}"
    return (
        f"{label}: {report.buckets} nhóm, {len(report.divergent_buckets)} nhóm lệch, "
        f"gửi lại {report.resent}, đang chờ gửi {report.in_flight}, "
        f"bị chặn {report.blocked}, hub có mà tỉnh không có {len(report.unknown_on_province)}, "
        f"{'đã khớp' if report.converged else 'chưa khớp'}."
    )


class Command(BaseCommand):
    help = (
        "Đối soát với hub và gửi lại trạng thái các hồ sơ, phản ánh, kiến nghị và đánh giá lệch "
        "(chạy trên nút tỉnh)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Chỉ báo cáo, không gửi lại.")
        parser.add_argument("--loop", action="store_true", help="Lặp lại mãi (định kỳ).")
        parser.add_argument("--interval", type=float, default=3600.0, help="Giây giữa hai lượt.")

    def handle(self, *args, **options):
        while True:
            try:
                report = sync_reconcile(dry_run=options["dry_run"])
            except HubUnavailableError as exc:
                if not options["loop"]:
                    raise CommandError(f"Không hỏi được hub: {exc}") from None
                self.stderr.write(f"Không hỏi được hub: {exc}")
            else:
                self.stdout.write(_counts(report.dossier))
                for name, label in STREAM_LABELS.items():
                    self.stdout.write(_stream_line(label, report.streams[name]))
            if not options["loop"]:
                return
            time.sleep(options["interval"])

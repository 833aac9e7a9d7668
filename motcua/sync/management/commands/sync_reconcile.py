"""Province operator: one digest exchange with the hub (or a loop), re-sending what differs."""

import time

from django.core.management.base import BaseCommand, CommandError

from motcua.sync.reconcile import HubUnavailableError, sync_reconcile


class Command(BaseCommand):
    help = "Đối soát với hub và gửi lại trạng thái các hồ sơ lệch (chạy trên nút tỉnh)."

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
                self.stdout.write(
                    f"buckets={report.buckets} divergent={len(report.divergent_buckets)} "
                    f"resent={report.resent} in_flight={report.in_flight} "
                    f"blocked={report.blocked} unknown_on_province={len(report.unknown_on_province)} "
                    f"converged={'yes' if report.converged else 'no'}"
                )
            if not options["loop"]:
                return
            time.sleep(options["interval"])

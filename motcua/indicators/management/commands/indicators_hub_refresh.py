"""manage.py indicators_hub_refresh [--province 33] [--full | --rebuild | --verify]

On the hub: bring the nationwide rollups up to date with the replicas (hub.py). Without an
option, only the replicas applied since the last run (less a margin) are compared and applied:
cheap, run it every few minutes (cron or a scheduled task) to cover a failed ingest hook."""

from django.core.management.base import BaseCommand, CommandError

from motcua.indicators.hub import hub_catch_up
from motcua.indicators.hub_rebuild import hub_rebuild


class Command(BaseCommand):
    help = "Cập nhật số liệu toàn quốc từ bản sao hồ sơ của các tỉnh (bắt kịp, tính lại, kiểm tra)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--province", help="Mã tỉnh (QĐ 19/2025), ví dụ 33.")
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--full", action="store_true", help="Đối chiếu mọi bản sao, không chỉ bản mới."
        )
        mode.add_argument(
            "--rebuild", action="store_true", help="Xóa và tính lại toàn bộ từ bản sao."
        )
        mode.add_argument(
            "--verify", action="store_true", help="Tính lại và so sánh, không ghi; lỗi nếu khác."
        )

    def handle(self, *args, province=None, full=False, rebuild=False, verify=False, **options):
        if verify or rebuild:
            problems = hub_rebuild(province=province, verify=verify)
            if problems:
                raise CommandError("Khác với bản sao: " + "; ".join(problems[:20]))
            self.stdout.write("Khớp với bản sao." if verify else "Đã tính lại từ bản sao.")
            return
        changed = hub_catch_up(province=province, full=full)
        for code, count in changed.items():
            self.stdout.write(f"Tỉnh {code}: {count} bản sao được cập nhật.")

"""manage.py indicators_rebuild [--province 33] [--verify]"""

import sys

from django.core.management.base import BaseCommand, CommandError

from motcua.indicators.rebuild import progress_bar, rollups_rebuild


class Command(BaseCommand):
    help = "Tính lại toàn bộ bảng chỉ số từ hồ sơ; --verify chỉ so sánh với bảng cập nhật theo sự kiện."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--province", help="Mã tỉnh (QĐ 19/2025), ví dụ 33.")
        parser.add_argument(
            "--verify", action="store_true", help="So sánh, không ghi; lỗi nếu khác."
        )
        parser.add_argument("--quiet", action="store_true", help="Không vẽ thanh tiến độ.")

    def handle(self, *args, province=None, verify=False, quiet=False, **options) -> None:
        progress = (
            None if quiet else (lambda d, t, label: progress_bar(d, t, label, stream=sys.stderr))
        )
        report = rollups_rebuild(province=province, verify=verify, progress=progress)
        self.stdout.write(
            f"{report.dossiers} hồ sơ, {report.daily_rows} dòng theo ngày, {report.open_rows} dòng"
            f" đang mở; {report.seconds:.1f} s"
        )
        if options["verbosity"] > 1:
            for label, seconds in report.steps.items():
                self.stdout.write(f"  {seconds:7.2f} s  {label}")
        if verify:
            if report.differences:
                raise CommandError(
                    "Khác với bảng cập nhật theo sự kiện: " + "; ".join(report.differences)
                )
            self.stdout.write("Khớp với bảng cập nhật theo sự kiện.")

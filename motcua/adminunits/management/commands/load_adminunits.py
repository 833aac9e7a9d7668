"""`manage.py load_adminunits`: load or refresh the administrative maps from `vietnam-provinces`."""

import time

from django.core.management.base import BaseCommand

from motcua.adminunits.services import adminunits_load


class Command(BaseCommand):
    help = (
        "Nạp hoặc cập nhật danh mục đơn vị hành chính (34 tỉnh/thành phố, 3.321 đơn vị cấp xã), "
        "danh mục cũ 63 tỉnh và bảng chuyển đổi cũ → mới. Chạy lại nhiều lần không tạo trùng."
    )

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        result = adminunits_load()
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(result.summary()))
        self.stdout.write(
            f"Dữ liệu vietnam-provinces {result.data_version}: tạo mới {result.created}, "
            f"cập nhật {result.updated}, hết hiệu lực {result.deactivated} "
            f"({elapsed:.1f} giây)."
        )
        if result.mapping_rows_skipped:
            self.stdout.write(
                self.style.WARNING(
                    f"Bỏ qua {result.mapping_rows_skipped} mã xã cũ có trong bảng chuyển đổi "
                    f"nhưng không có trong danh mục cũ: {', '.join(result.skipped_legacy_codes)}."
                )
            )

"""manage.py load_demo — the Hưng Yên demo node (motcua.web.demo). Idempotent; demo only."""

from django.core.management.base import BaseCommand, CommandError

from motcua.core.errors import ApplicationError
from motcua.web.demo import DEMO_PASSWORD, demo_load


class Command(BaseCommand):
    help = "Nạp dữ liệu demo tỉnh Hưng Yên: đơn vị hành chính, cơ quan, cán bộ, công dân, danh mục."

    def handle(self, *args, **options) -> None:
        self.stdout.write("Nạp dữ liệu demo (chỉ dùng để thử, không dùng cho hệ thống thật)…")
        try:
            report = demo_load()
        except ApplicationError as error:
            raise CommandError(error.message) from error
        for line in report.lines:
            self.stdout.write(f"- {line}")
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(f"! {warning}"))
        if report.agencies_created or report.users_created or report.memberships_created:
            self.stdout.write(
                self.style.SUCCESS(f"Xong. Mật khẩu demo của mọi tài khoản: {DEMO_PASSWORD}")
            )
        else:
            self.stdout.write(
                self.style.SUCCESS("Xong: dữ liệu demo đã có sẵn, không thay đổi gì.")
            )
        self.stdout.write("Xem danh sách tài khoản: manage.py demo_logins")

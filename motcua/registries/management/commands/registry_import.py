from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.core.errors import ApplicationError
from motcua.registries.services import registry_import


class Command(BaseCommand):
    help = (
        "Nhập bản sao CSDL dân cư và CSDL đăng ký doanh nghiệp từ hai tệp CSV "
        "(thay toàn bộ dữ liệu tham chiếu)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("people", help="Tệp CSV công dân")
        parser.add_argument("businesses", help="Tệp CSV doanh nghiệp")

    def handle(self, *args, people: str, businesses: str, **options) -> None:
        try:
            with (
                Path(people).open(encoding="utf-8-sig", newline="") as people_file,
                Path(businesses).open(encoding="utf-8-sig", newline="") as businesses_file,
            ):
                report = registry_import(people_file=people_file, businesses_file=businesses_file)
        except OSError as error:
            raise CommandError(f"Không đọc được tệp: {error}") from error
        except ApplicationError as error:
            for detail in error.details:
                self.stderr.write(f"{detail.path}: {detail.message}")
            raise CommandError(error.message) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã nhập {report.people} công dân và {report.businesses} doanh nghiệp."
            )
        )

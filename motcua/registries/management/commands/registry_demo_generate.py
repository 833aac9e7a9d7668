from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.adminunits.selectors import communes_of_province
from motcua.registries.generator import (
    BUSINESS_COLUMNS,
    PEOPLE_COLUMNS,
    Commune,
    businesses_generate,
    people_generate,
)
from motcua.registries.services import registry_csv_write


class Command(BaseCommand):
    help = (
        "Sinh dữ liệu mẫu (CSV) cho CSDL dân cư và CSDL đăng ký doanh nghiệp, địa chỉ theo "
        "đơn vị hành chính cấp xã mới của tỉnh (mặc định Hưng Yên, mã 33)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--people", type=int, default=10000)
        parser.add_argument("--businesses", type=int, default=1000)
        parser.add_argument("--province", default=getattr(settings, "MOTCUA_PROVINCE", "33"))
        parser.add_argument("--out", default=str(Path(settings.VAR_DIR) / "registries"))
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, people: int, businesses: int, province: str, out: str, seed: int,
               **options) -> None:  # fmt: skip
        communes = [
            Commune(code, name)
            for code, name in communes_of_province(province_code=province).values_list(
                "code", "name"
            )
        ]
        if not communes:
            raise CommandError(
                f"Chưa có xã, phường của tỉnh {province}; chạy manage.py load_adminunits trước."
            )
        people_rows = people_generate(count=people, communes=communes, seed=seed)
        business_rows = businesses_generate(
            count=businesses, people=people_rows, communes=communes, seed=seed
        )
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        people_path, businesses_path = folder / "people.csv", folder / "businesses.csv"
        with people_path.open("w", encoding="utf-8", newline="") as file:
            registry_csv_write(rows=people_rows, columns=PEOPLE_COLUMNS, file=file)
        with businesses_path.open("w", encoding="utf-8", newline="") as file:
            registry_csv_write(rows=business_rows, columns=BUSINESS_COLUMNS, file=file)
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã ghi {len(people_rows)} công dân vào {people_path} và "
                f"{len(business_rows)} doanh nghiệp vào {businesses_path}."
            )
        )

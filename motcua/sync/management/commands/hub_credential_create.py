"""Hub operator: create a province's sync credential and print its secret once."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from motcua.core.errors import ApplicationError
from motcua.sync.services import credential_create


class Command(BaseCommand):
    help = "Tạo khóa đồng bộ cho một tỉnh (chạy trên hub); in khóa bí mật một lần duy nhất."

    def add_arguments(self, parser):
        parser.add_argument("--province", required=True, help="Mã tỉnh, ví dụ 33.")
        parser.add_argument("--note", default="")

    def handle(self, *args, **options):
        if settings.MOTCUA_ROLE != "hub":
            self.stderr.write("Cảnh báo: nút này không phải hub (MOTCUA_ROLE != hub).")
        try:
            credential, secret = credential_create(
                province=options["province"], note=options["note"]
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        self.stderr.write(
            f"Khóa {credential.key_id} cho tỉnh {credential.province_code}. Đặt trên nút tỉnh: "
            "MOTCUA_HUB_SECRET=<dòng dưới>. Khóa không được lưu và không in lại."
        )
        self.stdout.write(secret)

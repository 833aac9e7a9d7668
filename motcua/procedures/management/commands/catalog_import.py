import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.core.errors import ApplicationError
from motcua.procedures.importer import catalog_import


class Command(BaseCommand):
    help = "Nhập danh mục thủ tục hành chính từ tệp JSON định dạng motcua-catalog."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Đường dẫn tệp JSON danh mục")

    def handle(self, *args, file: str, **options) -> None:
        try:
            document = json.loads(Path(file).read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"Không đọc được tệp {file}: {error}") from error
        except json.JSONDecodeError as error:
            raise CommandError(
                f"Tệp {file} không phải JSON hợp lệ (dòng {error.lineno}, cột {error.colno}): "
                f"{error.msg}"
            ) from error
        try:
            report = catalog_import(document=document)
        except ApplicationError as error:
            for detail in error.details:
                self.stderr.write(f"{detail.path}: {detail.message} / {detail.message_en}")
            raise CommandError(error.message) from error
        self.stdout.write(
            f"Lĩnh vực: {report.fields_created} thêm mới, {report.fields_updated} cập nhật, "
            f"{report.fields_unchanged} không đổi."
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Thủ tục: {report.created} thêm mới, {report.updated} cập nhật, "
                f"{report.unchanged} không đổi."
            )
        )

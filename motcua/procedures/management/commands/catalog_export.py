from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from motcua.procedures.exporter import catalog_export, catalog_serialize


class Command(BaseCommand):
    help = "Xuất danh mục thủ tục hành chính ra JSON định dạng motcua-catalog."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="Tệp đích; bỏ trống để in ra màn hình")

    def handle(self, *args, file: str | None = None, **options) -> None:
        text = catalog_serialize(document=catalog_export())
        if file is None:
            self.stdout.write(text, ending="")
            return
        Path(file).write_text(text, encoding="utf-8")
        self.stderr.write(f"Đã xuất danh mục ra {file}.")

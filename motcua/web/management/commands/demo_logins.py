"""manage.py demo_logins — who can log in to the demo, from the database, and where."""

from django.core.management.base import BaseCommand

from motcua.web.demo import demo_logins, demo_urls

_HEADERS = ("Vai trò", "Cơ quan", "Tên đăng nhập", "Mật khẩu")


class Command(BaseCommand):
    help = "In bảng tài khoản demo (vai trò, cơ quan, tên đăng nhập, mật khẩu) và các địa chỉ."

    def handle(self, *args, **options) -> None:
        rows = [(x.role, x.agency, x.username, x.password) for x in demo_logins()]
        if not rows:
            self.stdout.write("Chưa có tài khoản nào: chạy manage.py load_demo trước.")
        else:
            widths = [max(len(row[i]) for row in [_HEADERS, *rows]) for i in range(4)]
            line = "  ".join("-" * width for width in widths)
            self.stdout.write(self._row(_HEADERS, widths))
            self.stdout.write(line)
            for row in rows:
                self.stdout.write(self._row(row, widths))
        self.stdout.write("")
        for label, url in demo_urls():
            self.stdout.write(f"{label}: {url}")

    @staticmethod
    def _row(cells: tuple[str, ...], widths: list[int]) -> str:
        return "  ".join(
            cell.ljust(width) for cell, width in zip(cells, widths, strict=True)
        ).rstrip()

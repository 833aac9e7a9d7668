"""Sign an agency's queue of pending results in one batch (one token login)."""

from django.core.management.base import BaseCommand, CommandError

from motcua.accounts.models import User
from motcua.agencies.models import Agency
from motcua.core.errors import ApplicationError
from motcua.documents.services.results import signing_requests_sign


class Command(BaseCommand):
    help = "Ký số hàng loạt các kết quả đang chờ ký của một cơ quan."

    def add_arguments(self, parser):
        parser.add_argument("--agency", required=True, help="Mã định danh cơ quan, ví dụ H31.12")
        parser.add_argument("--limit", type=int, default=None)
        parser.add_argument("--user", default=None, help="Tên đăng nhập của người ký")

    def handle(self, *args, **options):
        agency = Agency.objects.filter(eid=options["agency"]).first()
        if agency is None:
            raise CommandError(f"Không có cơ quan {options['agency']}.")
        by = User.objects.filter(username=options["user"]).first() if options["user"] else None
        try:
            outcome = signing_requests_sign(agency=agency, by=by, limit=options["limit"])
        except ApplicationError as error:
            raise CommandError(error.message) from error
        for result in outcome.signed:
            self.stdout.write(f"{result.dossier_code} → {result.number}")
        for request, error in outcome.failed:
            self.stderr.write(f"{request.dossier_code}: {error.message}")
        self.stdout.write(
            self.style.SUCCESS(f"Đã ký {len(outcome.signed)}, lỗi {len(outcome.failed)}.")
        )

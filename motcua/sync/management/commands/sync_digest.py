"""Print the reconciliation digest in its stable text form (equal on both sides = converged).

On a province node: the digest of its own dossiers (or PAKN, or ratings: --stream). On the hub:
of its replica of --province.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from motcua.sync.contract import DIGEST_STREAMS
from motcua.sync.digest import digest_rows, digest_text, replica_lines_of
from motcua.sync.reconcile import STREAMS


class Command(BaseCommand):
    help = "In bản tóm tắt đối soát (theo cơ quan giải quyết và ngày) ở dạng văn bản ổn định."

    def add_arguments(self, parser):
        parser.add_argument("--province", help="Mã tỉnh (bắt buộc trên hub).")
        parser.add_argument(
            "--stream",
            choices=DIGEST_STREAMS,
            default="dossier",
            help="dossier: hồ sơ (mặc định); feedback: phản ánh, kiến nghị; rating: đánh giá.",
        )

    def handle(self, *args, **options):
        stream = options["stream"]
        if settings.MOTCUA_ROLE == "hub":
            province = options["province"]
            if not province:
                raise CommandError("Trên hub cần --province.")
            rows = digest_rows(lines=replica_lines_of(stream=stream)(province=province))
        else:
            province = settings.MOTCUA_PROVINCE
            if options["province"] and options["province"] != province:
                raise CommandError(f"Nút này phục vụ tỉnh {province}.")
            rows = digest_rows(lines=STREAMS[stream].lines())
        self.stdout.write(digest_text(province=province, rows=rows, stream=stream), ending="")

"""Province operator: queue for the hub the current state of every PAKN and dossier rating (or
of those changed since a date): what was made before the node synced to the hub, or what the
hub lost. The hub applies each once and never goes back (docs/sync-contract.md, v1.2)."""

from datetime import date, datetime, time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from motcua.feedback.hub_resend import feedback_hub_resend


class Command(BaseCommand):
    help = (
        "Gửi lại lên hub trạng thái hiện tại của các phản ánh, kiến nghị và đánh giá hồ sơ "
        "(chạy trên nút tỉnh)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--since", help="Chỉ những PAKN, đánh giá thay đổi từ ngày này (YYYY-MM-DD)."
        )

    def handle(self, *args, **options):
        since = None
        if options["since"]:
            try:
                day = date.fromisoformat(options["since"])
            except ValueError:
                raise CommandError("--since cần dạng YYYY-MM-DD, ví dụ 2026-03-01.") from None
            since = timezone.make_aware(datetime.combine(day, time.min))
        feedback, ratings = feedback_hub_resend(since=since)
        if not feedback and not ratings:
            self.stdout.write(
                "Không có gì để gửi (nút không đồng bộ lên hub, hoặc không có dữ liệu)."
            )
            return
        self.stdout.write(f"Đã xếp hàng gửi lên hub: {feedback} PAKN, {ratings} đánh giá.")

"""Operator command: deliver outbox messages now, once or in a loop beside db_worker."""

import time

from django.core.management.base import BaseCommand, CommandError

from motcua.outbox.handlers import destinations_configured
from motcua.outbox.services import outbox_drain, worker_id_default


class Command(BaseCommand):
    help = "Gửi các tin trong hàng đợi outbox (một lần, hoặc lặp lại với --loop)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--destination",
            action="append",
            help="Nơi nhận cần gửi (lặp lại được); mặc định: mọi nơi nhận đã cấu hình.",
        )
        parser.add_argument("--loop", action="store_true", help="Chạy mãi, nghỉ giữa các lượt.")
        parser.add_argument(
            "--interval", type=float, default=2.0, help="Số giây nghỉ giữa các lượt (--loop)."
        )
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--worker-id", default=None)

    def handle(self, *args, **options):
        configured = destinations_configured()
        destinations = options["destination"] or configured
        unknown = sorted(set(destinations) - set(configured))
        if unknown:
            raise CommandError(f"Không có trong MOTCUA_OUTBOX_HANDLERS: {', '.join(unknown)}")
        worker_id = options["worker_id"] or f"cmd:{worker_id_default()}"
        while True:
            for destination in destinations:
                # The loop is its own scheduler, so it queues no follow-up tasks.
                report = outbox_drain(
                    destination=destination,
                    worker_id=worker_id,
                    budget_s=60.0,
                    batch_size=options["batch_size"],
                    schedule_next=False,
                )
                if report.passes or options["verbosity"] >= 2:
                    self.stdout.write(
                        f"{destination}: delivered={report.delivered} retried={report.retried} "
                        f"dead={report.dead} lost={report.lost}"
                    )
            if not options["loop"]:
                return
            time.sleep(options["interval"])

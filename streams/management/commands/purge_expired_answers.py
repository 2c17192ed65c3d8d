from typing import Any

from django.core.management.base import BaseCommand

from streams.web.services import answers_purge_expired


class Command(BaseCommand):
    help = "Delete saved questionnaire answers whose retention period has passed."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"deleted: {answers_purge_expired()}")

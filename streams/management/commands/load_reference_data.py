"""Load the engine's reference data into the catalogue tables (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from streams.services import reference_data_load


class Command(BaseCommand):
    help = "Sync NOC 2021 unit groups and the stream catalogue from the rules engine's data."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = reference_data_load()
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")

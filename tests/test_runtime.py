"""Every process of the product starts with the garbage-collector settings of imp_screening.runtime
(set when Django's apps are ready): with Python's defaults, half a full screening's time went to the
collector walking the rulebook and the engine's memo."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

from imp_screening.runtime import OLDER_COLLECTIONS_AFTER, YOUNG_COLLECTION_EVERY

REPO = Path(__file__).resolve().parent.parent


def test_a_command_line_process_starts_with_the_collector_settings() -> None:
    # a fresh process (this one's settings could come from anywhere): the contract's command line
    probe = ("import django, gc, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'imp_screening.settings.local'); "
             "django.setup(); print(gc.get_threshold(), gc.get_freeze_count() > 0)")
    out = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True,
                         env={"PATH": "/usr/bin:/bin", "SHARED_DIR": "/nonexistent"}).stdout.strip()
    assert out == f"({YOUNG_COLLECTION_EVERY}, {OLDER_COLLECTIONS_AFTER}, {OLDER_COLLECTIONS_AFTER}) True"


def test_the_settings_are_far_above_pythons_defaults() -> None:
    assert gc.get_threshold()[0] == YOUNG_COLLECTION_EVERY >= 10 * 700

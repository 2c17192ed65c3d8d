"""Process-wide settings for every process of the product (web, worker, command line).

Garbage collection: the rulebook and the engine's memo of stream screenings are some hundreds of
thousands of long-lived objects, and a screening allocates many small ones. With Python's default
thresholds (a young collection every 700 allocations, older ones after 10 of those) the collector
walks the long-lived objects so often that a profile of full screenings spent half its time in it
(``benchmarks/versus.py``: 1,600 full screenings a second with the defaults, 3,200 with these).
Only cyclic garbage waits longer to be freed; reference counting frees the rest at once.
"""

from __future__ import annotations

import gc

YOUNG_COLLECTION_EVERY = 50_000  # allocations (default 700)
OLDER_COLLECTIONS_AFTER = 20  # young, then middle, collections (default 10)


def tune_gc() -> None:
    """Move what is loaded so far out of the collector's sight (``gc.freeze``) and collect less
    often. Idempotent; called when Django's apps are ready."""
    gc.freeze()
    gc.set_threshold(YOUNG_COLLECTION_EVERY, OLDER_COLLECTIONS_AFTER, OLDER_COLLECTIONS_AFTER)

from django.apps import AppConfig


class StreamsConfig(AppConfig):
    name = "streams"
    verbose_name = "Work-permit streams"

    def ready(self) -> None:
        from django.conf import settings

        from imp_screening.runtime import tune_gc
        from streams.engine.rulebook import MEMO_LIMIT, default_rulebook

        limit = getattr(settings, "ENGINE_MEMO_LIMIT", MEMO_LIMIT)
        if limit != MEMO_LIMIT:  # load the rules now only when the operator sized the memo
            if limit < 0:
                raise ValueError(f"ENGINE_MEMO_LIMIT must be 0 or more, not {limit}")
            default_rulebook().memo_limit = limit
        tune_gc()  # every process of the product: web, worker, command line (after the rules load)

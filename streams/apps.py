from django.apps import AppConfig


class StreamsConfig(AppConfig):
    name = "streams"
    verbose_name = "Work-permit streams"

    def ready(self) -> None:
        from imp_screening.runtime import tune_gc

        tune_gc()  # every process of the product: web, worker, command line

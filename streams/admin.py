from django.contrib import admin

from streams.models import NocUnitGroup, StreamCatalogue


@admin.register(NocUnitGroup)
class NocUnitGroupAdmin(admin.ModelAdmin):
    list_display = ["code", "title_en", "teer"]
    list_filter = ["teer"]
    search_fields = ["code", "title_en", "title_fr"]


@admin.register(StreamCatalogue)
class StreamCatalogueAdmin(admin.ModelAdmin):
    list_display = ["id", "title_en", "program", "legal_basis", "in_force_from", "rulebook_version"]

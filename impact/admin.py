from django.contrib import admin

from impact.models import FileDecision, FileImpact, ImpactChunk, ImpactNotification, ImpactRun


@admin.register(ImpactRun)
class ImpactRunAdmin(admin.ModelAdmin):
    list_display = ["pk", "firm", "as_of", "preview", "status", "files", "changed", "flipped", "seconds", "created_at"]
    list_filter = ["status", "preview", "trigger"]


@admin.register(ImpactChunk)
class ImpactChunkAdmin(admin.ModelAdmin):
    list_display = ["pk", "run", "firm", "first_file_id", "last_file_id", "status", "attempts", "changed"]
    list_filter = ["status"]


@admin.register(FileImpact)
class FileImpactAdmin(admin.ModelAdmin):
    list_display = ["run", "client_file", "rank", "notified_at"]
    list_filter = ["rank"]
    raw_id_fields = ["client_file", "before_screening", "after_screening"]


@admin.register(FileDecision)
class FileDecisionAdmin(admin.ModelAdmin):
    list_display = ["client_file", "as_of", "rulebook_version", "decided_at"]
    raw_id_fields = ["client_file", "screening", "run"]


admin.site.register(ImpactNotification)

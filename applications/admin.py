from django.contrib import admin

from applications.models import AuditEvent, ClientFile, Firm, Job, Membership, Note, Screening

admin.site.register(Firm)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """A consultant's profile: her firm, role and licence (printed on every report she signs)."""

    list_display = ["user", "firm", "role", "licence", "licence_number"]
    list_filter = ["firm", "role", "licence"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "licence_number"]
    fields = ["user", "firm", "role", "licence", "licence_number", "regulator"]


@admin.register(ClientFile)
class ClientFileAdmin(admin.ModelAdmin):
    list_display = ["client_name", "firm", "status", "best_stream", "best_outcome", "screened_at", "updated_at"]
    list_filter = ["status", "best_outcome", "firm"]
    raw_id_fields = ["latest_screening"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["client_file", "firm", "actor", "action", "at"]  # a tombstone has a firm and no file


@admin.register(Note)
class NoteAdmin(admin.ModelAdmin):
    list_display = ["client_file", "author", "created_at"]


admin.site.register(Screening)
admin.site.register(Job)

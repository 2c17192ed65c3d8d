from django.contrib import admin

from applications.models import AuditEvent, ClientFile, Firm, Job, Membership, Note, Screening

admin.site.register(Firm)
admin.site.register(Membership)


@admin.register(ClientFile)
class ClientFileAdmin(admin.ModelAdmin):
    list_display = ["client_name", "firm", "status", "updated_at"]
    list_filter = ["status", "firm"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["client_file", "firm", "actor", "action", "at"]  # a tombstone has a firm and no file


@admin.register(Note)
class NoteAdmin(admin.ModelAdmin):
    list_display = ["client_file", "author", "created_at"]


admin.site.register(Screening)
admin.site.register(Job)

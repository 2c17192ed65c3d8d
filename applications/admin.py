from django.contrib import admin

from applications.models import AuditEvent, ClientFile, Firm, Job, Membership, Screening

admin.site.register(Firm)
admin.site.register(Membership)


@admin.register(ClientFile)
class ClientFileAdmin(admin.ModelAdmin):
    list_display = ["client_name", "firm", "status", "updated_at"]
    list_filter = ["status", "firm"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["client_file", "actor", "action", "at"]


admin.site.register(Screening)
admin.site.register(Job)

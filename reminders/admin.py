from django.contrib import admin

from reminders.models import WindowReminder


@admin.register(WindowReminder)
class WindowReminderAdmin(admin.ModelAdmin):
    list_display = ("client_file", "stream", "kind", "day", "threshold_days", "emailed_at", "withdrawn_at")
    list_filter = ("kind", "threshold_days", "stream")
    raw_id_fields = ("client_file", "recipient")

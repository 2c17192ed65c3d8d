# Notes move from one text field on the client file to rows of their own (issue 10, item 3), and the
# audit log stops holding their text (item 9): a note_added event keeps the note's id only.

import re
from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

# The old text field held "[YYYY-MM-DD HH:MM] text" entries, stamped in the project's time zone; a
# note could run over several lines.
STAMP = re.compile(r"^\[(\d{4}-\d{2}-\d{2} \d{2}:\d{2})\] ?", re.MULTILINE)


def _entries(text):
    """(stamp or None, body) for each note in the old text field."""
    matches = list(STAMP.finditer(text or ""))
    entries = []
    head = (text or "")[: matches[0].start() if matches else None].strip()
    if head:
        entries.append((None, head))
    for match, following in zip(matches, [*matches[1:], None]):
        body = text[match.end(): following.start() if following else None].strip()
        if body:
            entries.append((match.group(1), body))
    return entries


def notes_to_rows(apps, schema_editor):
    ClientFile = apps.get_model("applications", "ClientFile")
    AuditEvent = apps.get_model("applications", "AuditEvent")
    Note = apps.get_model("applications", "Note")
    zone = ZoneInfo(settings.TIME_ZONE)
    with_events = AuditEvent.objects.filter(action="note_added").values_list("client_file_id", flat=True)
    files = ClientFile.objects.exclude(notes="") | ClientFile.objects.filter(pk__in=with_events)
    # values(), not instances: between these operations the reverse accessor of Note ("notes") shadows
    # the old field of the same name.
    for client_file in files.distinct().order_by("pk").values("pk", "notes", "created_at"):
        # The audit log kept every note, even those a concurrent save lost from the text field, with
        # its author and time: it is the better source. The text adds notes written outside the app.
        from_audit = Counter()
        for event in AuditEvent.objects.filter(client_file_id=client_file["pk"], action="note_added").order_by("at", "pk"):
            text = str(event.details.get("note", "")).strip() if isinstance(event.details, dict) else ""
            if not text:
                event.details = {}
                event.save(update_fields=["details"])
                continue
            note = Note.objects.create(client_file_id=client_file["pk"], author_id=event.actor_id, text=text,
                                       created_at=event.at)
            from_audit[text] += 1
            event.details = {"note": note.pk}
            event.save(update_fields=["details"])
        for stamp, body in _entries(client_file["notes"]):
            if from_audit[body]:
                from_audit[body] -= 1
                continue
            when = (datetime.strptime(stamp, "%Y-%m-%d %H:%M").replace(tzinfo=zone) if stamp
                    else client_file["created_at"])
            Note.objects.create(client_file_id=client_file["pk"], author_id=None, text=body, created_at=when)


def rows_to_notes(apps, schema_editor):
    """Going back: the rows written out as the old text field (the audit log keeps ids only)."""
    ClientFile = apps.get_model("applications", "ClientFile")
    Note = apps.get_model("applications", "Note")
    zone = ZoneInfo(settings.TIME_ZONE)
    for file_id in ClientFile.objects.filter(pk__in=Note.objects.values("client_file_id")).values_list("pk", flat=True):
        lines = [f"[{note.created_at.astimezone(zone):%Y-%m-%d %H:%M}] {note.text}"
                 for note in Note.objects.filter(client_file_id=file_id).order_by("created_at", "pk")]
        ClientFile.objects.filter(pk=file_id).update(notes="\n".join(lines))


class Migration(migrations.Migration):

    dependencies = [
        ('applications', '0002_client_file_employer'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Note',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('text', models.TextField()),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('author', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('client_file', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notes', to='applications.clientfile')),
            ],
            options={
                'ordering': ['created_at', 'id'],
            },
        ),
        migrations.RunPython(notes_to_rows, rows_to_notes),
        migrations.RemoveField(
            model_name='clientfile',
            name='notes',
        ),
    ]

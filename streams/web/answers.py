"""Between questions and the request: Django form fields for a question, and the request values
they read and write. The stored answers ARE a contract-v1 request (plus which questions were asked)."""

from __future__ import annotations

import copy
import unicodedata
from collections.abc import Collection
from datetime import date
from functools import cache
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from streams.engine.labels import country_name
from streams.engine.reference import PROVINCES, countries, cusma_professions, noc_unit_groups

from .questions import (
    CHOICE,
    COUNTRIES,
    COUNTRY,
    CUSMA,
    DATE,
    MULTI,
    NOC,
    NUMBER,
    PROVINCE,
    TEXT,
    YES_NO,
    Field,
    Question,
)

YES_NO_CHOICES = (("yes", _("Yes")), ("no", _("No")), ("", _("I don't know")))
INTEGER_FIELDS = {"duration_months", "length_months", "positions_this_year", "speaking", "listening"}


# --- reading and writing request paths ------------------------------------------------------------

def get_path(data: dict[str, Any], path: str) -> Any:
    node: Any = data
    for part in path.split("."):
        if isinstance(node, list):
            node = node[0] if node else None
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def get_list(data: dict[str, Any], path: str) -> list[Any] | None:
    """The list at ``path`` itself (``get_path`` steps into a list's first item)."""
    parent, _, name = path.rpartition(".")
    node = get_path(data, parent) if parent else data
    value = node.get(name) if isinstance(node, dict) else None
    return value if isinstance(value, list) else None


def set_path(data: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    node = data
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    if value is None:
        node.pop(parts[-1], None)
    else:
        node[parts[-1]] = value


def prune(data: Any) -> Any:
    """Drop empty objects: an object with nothing known in it is nothing known."""
    if isinstance(data, dict):
        cleaned = {k: prune(v) for k, v in data.items()}
        return {k: v for k, v in cleaned.items() if v is not None and v != {}}
    if isinstance(data, list):
        return [prune(v) for v in data]
    return data


# --- form fields ----------------------------------------------------------------------------

def form_name(question: Question, field: Field, suffix: str = "") -> str:
    return f"{question.id}__{field.name or 'value'}{suffix}"


def entry_name(question: Question, field: Field, index: int) -> str:
    """A list question's field for its entry ``index`` (0-based; the first keeps the plain name)."""
    return form_name(question, field, f"__{index + 1}" if index else "")


def entry_fields(question: Question, index: int) -> list[Field]:
    """The fields of one entry: the yes/no about earlier IEC permits is asked once, with the first."""
    return [f for f in question.fields if index == 0 or not (question.id == "iec_history" and f.name == "none")]


def entries_stored(question: Question, request: dict[str, Any]) -> int:
    """How many entries a list question shows for a stored request: those stored, at least one."""
    return max(1, len(get_list(request, question.path) or [])) if question.item else 1


def _country_choices() -> list[tuple[str, str]]:
    return _sorted_countries("fr" if (get_language() or "en").startswith("fr") else "en")


def _collation_key(name: str) -> str:
    """Accents aside, so that « États-Unis » sorts with the E's, not after « Zimbabwe »."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()


@cache
def _sorted_countries(language: str) -> list[tuple[str, str]]:
    names = sorted(((code, country_name(code, language)) for code in countries()), key=lambda c: _collation_key(c[1]))
    return [("", "—")] + names


def django_fields(question: Question, entries: int = 1) -> dict[str, forms.Field]:
    made: dict[str, forms.Field] = {}
    specs = [(spec, entry_name(question, spec, i)) for i in range(entries if question.item else 1)
             for spec in entry_fields(question, i)]
    for spec, name in specs:
        kwargs: dict[str, Any] = {"label": spec.label, "required": False, "help_text": spec.help}
        if spec.kind == YES_NO:
            made[name] = forms.ChoiceField(choices=YES_NO_CHOICES, widget=forms.RadioSelect, **kwargs)
        elif spec.kind == DATE:
            # A date input takes ISO dates whatever the page's language (French would render 09/09/1985,
            # which the browser shows as empty, and saving would erase the date).
            made[name] = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                         **kwargs)
        elif spec.kind == NUMBER and spec.name in INTEGER_FIELDS:
            made[name] = forms.IntegerField(min_value=spec.minimum, max_value=spec.maximum,
                                            widget=forms.NumberInput(attrs={"inputmode": "numeric"}), **kwargs)
        elif spec.kind == NUMBER:
            made[name] = forms.DecimalField(min_value=spec.minimum, max_value=spec.maximum, decimal_places=2,
                                            max_digits=12,
                                            widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
                                            **kwargs)
        elif spec.kind == TEXT:
            made[name] = forms.CharField(max_length=200, **kwargs)
        elif spec.kind == CHOICE:
            choices = [*spec.choices, ("", _("I don't know"))]
            made[name] = forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **kwargs)
        elif spec.kind == COUNTRY:
            made[name] = forms.ChoiceField(choices=_country_choices, **kwargs)
        elif spec.kind == COUNTRIES:
            made[name] = forms.ChoiceField(choices=_country_choices, **kwargs)
            made[form_name(question, spec, "_2")] = forms.ChoiceField(
                choices=_country_choices, label=_("Second citizenship (if any)"), required=False)
        elif spec.kind == PROVINCE:
            language = get_language() or "en"
            provinces = [(code, names[1] if language == "fr" else names[0]) for code, names in PROVINCES.items()]
            made[name] = forms.ChoiceField(choices=[("", "—"), *provinces], **kwargs)
        elif spec.kind == NOC:
            made[name] = forms.CharField(
                max_length=5, min_length=5, validators=[_noc_exists],
                widget=forms.TextInput(attrs={"inputmode": "numeric", "pattern": "[0-9]{5}",
                                              "autocomplete": "off"}), **kwargs)
        elif spec.kind == CUSMA:
            slugs = sorted(cusma_professions().values(), key=lambda p: p.title)
            made[name] = forms.ChoiceField(
                choices=[("", _("I don't know")), ("none", _("No, none of them")),
                         *[(p.slug, p.title) for p in slugs]], **kwargs)
        elif spec.kind == MULTI:
            made[name] = forms.MultipleChoiceField(choices=spec.choices, widget=forms.CheckboxSelectMultiple,
                                                   **kwargs)
        else:  # pragma: no cover - a question kind without a field is a programming error
            raise ValueError(spec.kind)
    return made


def _noc_exists(value: str) -> None:
    if value and value not in noc_unit_groups():
        raise forms.ValidationError(_("%(code)s is not a NOC 2021 unit group."), params={"code": value})


# --- values ---------------------------------------------------------------------------------

def _to_request(spec: Field, value: Any) -> Any:
    if value in (None, "", []):
        return None
    if spec.kind == YES_NO:
        return value == "yes"
    if spec.kind == DATE:
        return value.isoformat()
    if spec.kind == NUMBER:
        return int(value) if spec.name in INTEGER_FIELDS else float(value)
    if spec.kind == MULTI:
        return list(value)
    return value


def _to_form(spec: Field, value: Any) -> Any:
    if value is None:
        return None
    if spec.kind == NUMBER and isinstance(value, float) and value.is_integer():
        return int(value)  # 6 years, not "6.0"
    if spec.kind == YES_NO:
        return "yes" if value else "no"
    if spec.kind == DATE:
        return date.fromisoformat(value)
    return value


def initial_values(question: Question, request: dict[str, Any], entries: int = 1) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if question.item:
        stored = get_list(request, question.path) or []
        for index in range(entries):
            entry = stored[index] if index < len(stored) and isinstance(stored[index], dict) else {}
            for spec in entry_fields(question, index):
                if spec.name == "none":  # "ever held an IEC permit?": known once the list is
                    known = get_list(request, question.path) is not None
                    values[entry_name(question, spec, index)] = ("yes" if stored else "no") if known else None
                else:
                    values[entry_name(question, spec, index)] = _to_form(spec, entry.get(spec.name))
        return values
    for spec in question.fields:
        if question.as_list:
            values[form_name(question, spec)] = (get_list(request, question.path) or [None])[0]
            continue
        if spec.kind == COUNTRIES:
            chosen = get_path(request, question.path) or []
            values[form_name(question, spec)] = chosen[0] if chosen else None
            values[form_name(question, spec, "_2")] = chosen[1] if len(chosen) > 1 else None
            continue
        path = f"{question.path}.{spec.name}" if spec.name else question.path
        values[form_name(question, spec)] = _to_form(spec, get_path(request, path))
    return values


def apply_answers(question: Question, cleaned: dict[str, Any], request: dict[str, Any],
                  entries: int = 1) -> dict[str, Any]:
    """A copy of ``request`` with this question's answers written in (blank answers remove facts).
    A list question writes its ``entries`` first entries; later stored ones are kept as they are."""
    updated = copy.deepcopy(request)
    if question.id == "iec_history":
        held = cleaned.get(form_name(question, question.fields[0]))
        if held == "no":
            set_path(updated, question.path, [])
            return updated
        if held != "yes":
            set_path(updated, question.path, None)
            return updated
    stored = get_list(request, question.path) or []
    if question.as_list:
        first = _to_request(question.fields[0], cleaned.get(form_name(question, question.fields[0])))
        values = ([first] if first is not None else []) + stored[1:]  # later values are kept
        set_path(updated, question.path, list(dict.fromkeys(values)) or None)
        return updated
    if question.fields[0].kind == COUNTRIES:
        spec = question.fields[0]
        chosen = [c for c in (cleaned.get(form_name(question, spec)), cleaned.get(form_name(question, spec, "_2")))
                  if c]
        # the form shows two citizenships; a file may hold more, kept as they are
        chosen += stored[2:]
        set_path(updated, question.path, list(dict.fromkeys(chosen)) or None)
        return updated
    if question.item:
        items: list[Any] = []
        for index in range(entries):
            # Facts of an entry that the question does not ask (an employment's NOC) are kept.
            kept = stored[index] if index < len(stored) and isinstance(stored[index], dict) else {}
            item: dict[str, Any] = dict(kept)
            for spec in entry_fields(question, index):
                if spec.name == "none":
                    continue
                value = _to_request(spec, cleaned.get(entry_name(question, spec, index)))
                if value is not None:
                    item[spec.name] = int(value) if spec.name in INTEGER_FIELDS else value
                else:
                    item.pop(spec.name, None)
            if item:
                items.append(item)  # an entry left blank is dropped
        set_path(updated, question.path, items + stored[entries:] or None)
        return updated
    for spec in question.fields:
        value = _to_request(spec, cleaned.get(form_name(question, spec)))
        if value is not None and (spec.name in INTEGER_FIELDS or question.path.endswith("duration_months")):
            value = int(value)
        path = f"{question.path}.{spec.name}" if spec.name else question.path
        if question.id == "wage":
            continue
        set_path(updated, path, value)
    if question.id == "wage":
        amount = cleaned.get(form_name(question, question.fields[0]))
        per = cleaned.get(form_name(question, question.fields[1]))
        set_path(updated, question.path, {"amount": float(amount), "per": per} if amount is not None and per else None)
    return prune(updated)


MAX_ENTRIES = 20


def _posted_entries(data: Any, question: Question) -> int | None:
    if not question.item or data is None:
        return None
    try:
        count = int(data.get(f"{question.id}__entries", ""))
    except (TypeError, ValueError):
        return None
    return min(max(count, 1), MAX_ENTRIES)


def entries_to_add(data: Any) -> list[str]:
    """The list questions whose "one more entry" box was ticked."""
    return list(data.getlist("add")) if data is not None and hasattr(data, "getlist") else []


class QuestionsForm(forms.Form):
    """The fields of several questions, with their initial values from the stored request."""

    def __init__(self, questions: list[Question], request_data: dict[str, Any], *args: Any,
                 add_entries: Collection[str] = (), **kwargs: Any) -> None:
        # A list question shows its stored entries (at least one), and one more when asked to add
        # one; posted answers say how many entries the page showed.
        posted = args[0] if args else kwargs.get("data")
        self.entries = {q.id: _posted_entries(posted, q) or entries_stored(q, request_data) + (q.id in add_entries)
                        for q in questions}
        initial: dict[str, Any] = {}
        for question in questions:
            initial.update(initial_values(question, request_data, self.entries[question.id]))
        super().__init__(*args, initial=initial, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields.update(django_fields(question, self.entries[question.id]))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for question in self.questions:
            if question.id == "wage":
                amount = cleaned.get(form_name(question, question.fields[0]))
                per = cleaned.get(form_name(question, question.fields[1]))
                if (amount is None) != (not per):
                    self.add_error(form_name(question, question.fields[0] if amount is None else question.fields[1]),
                                   _("Give both the amount and whether it is per hour or per year."))
        return cleaned

    def add_engine_errors(self, error: Any) -> None:
        """Put the engine's located errors (a ``RequestError``) on the fields that produced them."""
        for item in error.errors:
            question = next((q for q in self.questions if item["loc"].startswith(q.path)), None)
            if question is not None:
                self.add_error(self._field_for(question, item["loc"]), item["message"])
            else:
                self.add_error(None, f"{item['loc']}: {item['message']}")

    def _field_for(self, question: Question, loc: str) -> str:
        """The form field an engine error points at: an entry's own field when the location names
        one (``applicant.employment_history.1.end_date``), else the question's first field."""
        rest = loc[len(question.path):].strip(".").split(".")
        if question.item and len(rest) >= 2 and rest[0].isdigit():
            index = int(rest[0])
            spec = next((f for f in entry_fields(question, index) if f.name == rest[1]), None)
            if spec is not None and index < self.entries[question.id]:
                return entry_name(question, spec, index)
        elif rest and rest[0]:
            spec = next((f for f in question.fields if f.name == rest[0]), None)
            if spec is not None:
                return form_name(question, spec)
        return form_name(question, question.fields[0])

    def updated_request(self, request_data: dict[str, Any]) -> dict[str, Any]:
        updated = request_data
        for question in self.questions:
            updated = apply_answers(question, self.cleaned_data, updated, self.entries[question.id])
        return updated

    def groups(self) -> list[tuple[Question, list[forms.BoundField], list[list[forms.BoundField]]]]:
        """Per question: its bound fields, and for a list question the fields of each entry."""
        made = []
        for question in self.questions:
            count = self.entries[question.id]
            fields = [self[name] for name in django_fields(question, count)]
            entries = [[self[entry_name(question, spec, i)] for spec in entry_fields(question, i)]
                       for i in range(count)] if question.item else []
            made.append((question, fields, entries))
        return made

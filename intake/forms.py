"""Between questions and the request: Django form fields for a question, and the request values they
read and write. The stored answers ARE a contract-v1 request (plus which questions were asked).

Every kind of input follows from the question's shape (``contract.shape``), never from its id:

- a yes/no or a choice is a set of radio buttons, none chosen until answered; "I don't know" stores
  nothing (the fact stays unknown, never "no");
- a list that may be empty offers "none" (an empty list is a known fact);
- a list of objects asks first whether there are any, then one fieldset per entry (follow-ups hidden
  after "No" by ``static/js/site.js``; without JavaScript they show, and a "No" wins);
- an object the contract requires whole (a wage: amount and period) is stored whole or not at all.
"""

from __future__ import annotations

import copy
from collections.abc import Collection
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from streams.engine.reference import PROVINCES, cusma_professions, noc_unit_groups

from .questions import (
    ANY,
    CHOICE,
    COUNTRY,
    CUSMA,
    DATE,
    MULTI,
    NOC,
    NONE,
    NUMBER,
    PROVINCE,
    TEXT,
    UNKNOWN,
    YES_NO,
    Field,
    Question,
)
from .widgets import CountryInput, FastSelect, collation_key, country_code, country_datalist

YES_NO_CHOICES = (("yes", _("Yes")), ("no", _("No")), (UNKNOWN, _("I don't know")))
EARLIEST_DATE = date(1900, 1, 1)  # a date before it is a typo (a birth year of 1890), never a fact
MAX_ENTRIES = 20


def language() -> str:
    return "fr" if (get_language() or "en").startswith("fr") else "en"


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
        child = node.get(part)
        if not isinstance(child, dict):
            child = node[part] = {}
        node = child
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


# --- form field names -------------------------------------------------------------------------

def form_name(question: Question, spec: Field, suffix: str = "") -> str:
    return f"{question.id}__{spec.name or 'value'}{suffix}"


def entry_name(question: Question, spec: Field, index: int) -> str:
    """A list question's field for its entry ``index`` (0-based; the first keeps the plain name)."""
    return form_name(question, spec, f"__{index + 1}" if index else "")


def country_input_name(question: Question, spec: Field, index: int) -> str:
    """The ``index``th input of a list of countries (the first keeps the plain name)."""
    return form_name(question, spec, f"_{index + 1}" if index else "")


def entry_fields(question: Question, index: int) -> list[Field]:
    """The fields of one entry: "do you have any?" is asked once, with the first."""
    return [f for f in question.fields if index == 0 or f.name != ANY]


def entries_stored(question: Question, request: dict[str, Any]) -> int:
    """How many entries a list question shows for a stored request: those stored, at least one."""
    return max(1, len(get_list(request, question.path) or [])) if question.item else 1


# --- Django fields ----------------------------------------------------------------------------

class CountryField(forms.CharField):
    """A country typed with suggestions (``CountryInput``): its code, NONE for the "none" of a list
    that may be empty, or "" when left blank."""

    def __init__(self, *, none_label: Any = "", **kwargs: Any) -> None:
        super().__init__(max_length=100, widget=CountryInput(language, none_label), **kwargs)
        self.none_label = none_label

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        if not text:
            return ""
        if self.none_label and (text == NONE or collation_key(text) == collation_key(str(self.none_label))):
            return NONE
        code = country_code(text)
        if code is None:
            raise forms.ValidationError(_("“%(value)s” is not a country we know: choose one from the list."),
                                        params={"value": text[:60]})
        return code


def _provinces() -> list[tuple[str, str]]:
    lang = language()
    return [("", "—"), *[(code, names[1] if lang == "fr" else names[0]) for code, names in PROVINCES.items()]]


def _cusma_choices() -> list[tuple[str, Any]]:
    lang = language()
    professions = sorted(cusma_professions().values(), key=lambda p: collation_key(p.title_in(lang)))
    return [("", "—"), ("none", _("No, none of them")), *[(p.slug, p.title_in(lang)) for p in professions]]


def _noc_exists(value: str) -> None:
    if value and value not in noc_unit_groups():
        raise forms.ValidationError(_("%(code)s is not a NOC 2021 unit group."), params={"code": value})


def _above(minimum: float) -> Any:
    def check(value: Any) -> None:
        if value is not None and value <= minimum:
            raise forms.ValidationError(_("Enter a number above %(minimum)s."), params={"minimum": _number(minimum)})
    return check


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def field_label(spec: Field, employer: bool = False) -> Any:
    return spec.employer_label if employer and spec.employer_label else spec.label


def django_fields(question: Question, entries: int = 1, *, employer: bool = False) -> dict[str, forms.Field]:
    made: dict[str, forms.Field] = {}
    specs = [(spec, entry_name(question, spec, i)) for i in range(entries if question.item else 1)
             for spec in entry_fields(question, i)]
    for spec, name in specs:
        kwargs: dict[str, Any] = {"label": field_label(spec, employer), "required": False, "help_text": spec.help}
        kind = spec.kind
        if kind == YES_NO:
            made[name] = forms.ChoiceField(choices=YES_NO_CHOICES, widget=forms.RadioSelect, **kwargs)
        elif kind == CHOICE:
            made[name] = forms.ChoiceField(choices=[*spec.choices, (UNKNOWN, _("I don't know"))],
                                           widget=forms.RadioSelect, **kwargs)
        elif kind == DATE:
            # A date input takes ISO dates whatever the page's language (French would render 09/09/1985,
            # which the browser shows as empty, and saving would erase the date).
            made[name] = forms.DateField(
                widget=forms.DateInput(attrs={"type": "date", "min": EARLIEST_DATE.isoformat()}, format="%Y-%m-%d"),
                validators=[MinValueValidator(EARLIEST_DATE, _("Enter a date from 1900 on."))], **kwargs)
        elif kind == NUMBER:
            made[name] = _number_field(spec, kwargs)
        elif kind == TEXT:
            made[name] = forms.CharField(max_length=200, **kwargs)
        elif kind == COUNTRY:
            made[name] = CountryField(none_label=spec.none_label, **kwargs)
            for index in range(1, spec.count):
                made[country_input_name(question, spec, index)] = CountryField(label=spec.more_label, required=False)
        elif kind == PROVINCE:
            made[name] = forms.ChoiceField(choices=_provinces, widget=FastSelect, **kwargs)
        elif kind == NOC:
            made[name] = forms.CharField(
                max_length=5, min_length=5, validators=[_noc_exists],
                widget=forms.TextInput(attrs={"inputmode": "numeric", "pattern": "[0-9]{5}", "autocomplete": "off"}),
                **kwargs)
        elif kind == CUSMA:
            made[name] = forms.ChoiceField(choices=_cusma_choices, widget=FastSelect, **kwargs)
        elif kind == MULTI:
            choices = [*spec.choices, *([(NONE, spec.none_label)] if spec.none_label else [])]
            made[name] = forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **kwargs)
        else:  # pragma: no cover - a question kind without a field is a programming error
            raise ValueError(kind)
    return made


def _number_field(spec: Field, kwargs: dict[str, Any]) -> forms.Field:
    shape = spec.shape
    validators = [_above(shape.minimum)] if shape.minimum == 0 and spec.name == "hours_per_week" else []
    if shape.integer:
        return forms.IntegerField(min_value=shape.minimum, max_value=shape.maximum, validators=validators,
                                  widget=forms.NumberInput(attrs={"inputmode": "numeric"}), **kwargs)
    return forms.DecimalField(min_value=shape.minimum, max_value=shape.maximum, decimal_places=2, max_digits=12,
                              validators=validators,
                              widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}), **kwargs)


# --- values -------------------------------------------------------------------------------------

def _to_request(spec: Field, value: Any) -> Any:
    if value in (None, "", [], UNKNOWN):
        return None
    kind = spec.kind
    if kind == YES_NO:
        return value == "yes"
    if kind == DATE:
        return value.isoformat()
    if kind == NUMBER:
        return int(value) if spec.shape.integer else float(value)
    if kind == MULTI:
        chosen = [v for v in value if v != NONE]
        return chosen if chosen or NONE in value else None
    return value


def _to_form(spec: Field, value: Any) -> Any:
    if value is None:
        return None
    kind = spec.kind
    if kind == NUMBER and isinstance(value, float) and value.is_integer():
        return int(value)  # 6 years, not "6.0"
    if kind == YES_NO:
        return "yes" if value else "no"
    if kind == DATE:
        try:
            return date.fromisoformat(value)
        except (TypeError, ValueError):
            return None
    if kind == MULTI:
        return list(value) or [NONE]
    return value


def initial_values(question: Question, request: dict[str, Any], entries: int = 1) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if question.item:
        stored = get_list(request, question.path)
        for index in range(entries):
            items = stored or []
            entry = items[index] if index < len(items) and isinstance(items[index], dict) else {}
            for spec in entry_fields(question, index):
                if spec.name == ANY:  # known once the list is: "yes" with entries, "no" when empty
                    values[entry_name(question, spec, index)] = None if stored is None else ("yes" if stored else "no")
                else:
                    values[entry_name(question, spec, index)] = _to_form(spec, entry.get(spec.name))
        return values
    for spec in question.fields:
        path = question.field_path(spec)
        if spec.shape.many and spec.kind == COUNTRY:
            chosen = get_list(request, path)
            for index in range(spec.count):
                name = country_input_name(question, spec, index)
                if chosen == [] and index == 0 and spec.none_label:
                    values[name] = NONE
                else:
                    values[name] = chosen[index] if chosen and index < len(chosen) else None
            continue
        values[form_name(question, spec)] = _to_form(spec, get_path(request, path))
    return values


def apply_answers(question: Question, cleaned: dict[str, Any], request: dict[str, Any],
                  entries: int = 1) -> dict[str, Any]:
    """A copy of ``request`` with this question's answers written in (blank answers remove facts).
    A list question writes its ``entries`` first entries; later stored ones are kept as they are."""
    updated = copy.deepcopy(request)
    if question.item:
        _apply_items(question, cleaned, request, updated, entries)
        return prune(updated)
    if question.required_together:
        values = {spec.name: _to_request(spec, cleaned.get(form_name(question, spec))) for spec in question.fields}
        whole = all(values.get(name) is not None for name in question.required_together)
        set_path(updated, question.path, {k: v for k, v in values.items() if v is not None} if whole else None)
        return prune(updated)
    for spec in question.fields:
        path = question.field_path(spec)
        if spec.shape.many and spec.kind == COUNTRY:
            set_path(updated, path, _countries_answer(question, spec, cleaned, get_list(request, path)))
            continue
        if spec.shows_if and not _shown(question, spec, cleaned):
            set_path(updated, path, None)  # a follow-up of another answer: "no" leaves nothing to say
            continue
        set_path(updated, path, _to_request(spec, cleaned.get(form_name(question, spec))))
    return prune(updated)


def _shown(question: Question, spec: Field, cleaned: dict[str, Any], index: int = 0) -> bool:
    """Whether a follow-up applies: the answer it follows is the one it needs (or not given yet)."""
    assert spec.shows_if is not None
    other_name, wanted = spec.shows_if
    other = next(f for f in question.fields if f.name == other_name)
    name = entry_name(question, other, index) if question.item else form_name(question, other)
    given = cleaned.get(name)
    return given in (None, "", UNKNOWN) or given == wanted


def _countries_answer(question: Question, spec: Field, cleaned: dict[str, Any],
                      stored: list[Any] | None) -> list[str] | None:
    given = [cleaned.get(country_input_name(question, spec, i)) for i in range(spec.count)]
    if NONE in given:
        return []
    chosen = [c for c in given if c]
    # the form shows ``count`` inputs; a file may hold more, kept as they are
    chosen += (stored or [])[spec.count:]
    return list(dict.fromkeys(chosen)) or None


def _apply_items(question: Question, cleaned: dict[str, Any], request: dict[str, Any], updated: dict[str, Any],
                 entries: int) -> None:
    stored = get_list(request, question.path) or []
    has_any = cleaned.get(form_name(question, question.fields[0])) if question.any_label else None
    if has_any == "no":
        set_path(updated, question.path, [])
        return
    items: list[Any] = []
    for index in range(entries):
        # Facts of an entry that the question does not ask (an employment's NOC) are kept.
        kept = stored[index] if index < len(stored) and isinstance(stored[index], dict) else {}
        item: dict[str, Any] = dict(kept)
        for spec in entry_fields(question, index):
            if spec.name == ANY:
                continue
            value = _to_request(spec, cleaned.get(entry_name(question, spec, index)))
            if value is not None:
                item[spec.name] = value
            else:
                item.pop(spec.name, None)
        if item:
            items.append(item)  # an entry left blank is dropped
    everything = items + stored[entries:]
    if not everything and has_any == "yes":
        set_path(updated, question.path, None)  # "yes", but none described yet: still unknown
        return
    set_path(updated, question.path, everything or None)


def _specs_by_name(question: Question, entries: int) -> dict[str, Field]:
    """Every input name of a question, with the field it belongs to."""
    found: dict[str, Field] = {}
    for index in range(entries if question.item else 1):
        for spec in entry_fields(question, index):
            found[entry_name(question, spec, index)] = spec
            for extra in range(1, spec.count):
                found[country_input_name(question, spec, extra)] = spec
    return found


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
                 add_entries: Collection[str] = (), employer: bool = False, **kwargs: Any) -> None:
        # A list question shows its stored entries (at least one), and one more when asked to add
        # one; posted answers say how many entries the page showed.
        posted = args[0] if args else kwargs.get("data")
        self.entries = {q.id: _posted_entries(posted, q) or entries_stored(q, request_data) + (q.id in add_entries)
                        for q in questions}
        initial: dict[str, Any] = {}
        for q in questions:
            initial.update(initial_values(q, request_data, self.entries[q.id]))
        super().__init__(*args, initial=initial, **kwargs)
        self.questions = questions
        self.employer = employer
        for q in questions:
            self.fields.update(django_fields(q, self.entries[q.id], employer=employer))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for q in self.questions:
            if not q.required_together:
                continue
            given = {spec.name: _to_request(spec, cleaned.get(form_name(q, spec))) is not None for spec in q.fields}
            wanted = [name for name in q.required_together if name in given]
            if any(given[name] for name in wanted) and not all(given[name] for name in wanted):
                blank = next(spec for spec in q.fields if spec.name in wanted and not given[spec.name])
                self.add_error(form_name(q, blank), q.together_error or _("Answer every part of this question."))
        return cleaned

    @property
    def has_countries(self) -> bool:
        return any(isinstance(field, CountryField) for field in self.fields.values())

    def country_datalist(self) -> Any:
        """The suggestions of the page's country inputs (include it once, inside or beside the form)."""
        none = next((f.none_label for f in self.fields.values() if isinstance(f, CountryField) and f.none_label), "")
        return country_datalist(language(), none)

    def add_engine_errors(self, error: Any) -> None:
        """Put the engine's located errors (a ``RequestError``) on the fields that produced them, in the
        page's language."""
        from .messages import engine_message

        for item in error.errors:
            q = next((q for q in self.questions if item["loc"] == q.path or item["loc"].startswith(q.path + ".")),
                     None)
            message = engine_message(item)
            if q is not None:
                self.add_error(self._field_for(q, item["loc"]), message)
            else:
                self.add_error(None, message)

    def _field_for(self, question: Question, loc: str) -> str:
        """The form field an engine error points at: an entry's own field when the location names
        one (``applicant.employment_history.1.end_date``), else the question's first field."""
        rest = loc[len(question.path):].strip(".").split(".")
        first = next((f for f in question.fields if f.name != ANY), question.fields[0])
        if question.item and len(rest) >= 2 and rest[0].isdigit():
            index = int(rest[0])
            spec = next((f for f in entry_fields(question, index) if f.name == rest[1]), None)
            if spec is not None and index < self.entries[question.id]:
                return entry_name(question, spec, index)
            return entry_name(question, first, 0)
        if rest and rest[0]:
            spec = next((f for f in question.fields if f.name == rest[0]), None)
            if spec is not None:
                return form_name(question, spec)
        return form_name(question, first)

    def updated_request(self, request_data: dict[str, Any]) -> dict[str, Any]:
        updated = request_data
        for q in self.questions:
            updated = apply_answers(q, self.cleaned_data, updated, self.entries[q.id])
        return updated

    def groups(self) -> list[tuple[Question, list[forms.BoundField], list[list[forms.BoundField]]]]:
        """Per question: its bound fields, and for a list question the fields of each entry. A follow-up
        field carries ``when`` (the name of the input it follows) and ``when_value`` (the answer that
        shows it); a list question's "do you have any?" is marked ``is_any``."""
        made = []
        for q in self.questions:
            count = self.entries[q.id]
            names = {spec.name: form_name(q, spec) for spec in q.fields}
            specs = _specs_by_name(q, count)
            fields = []
            for name in django_fields(q, count):
                bound = self[name]
                spec = specs.get(name)
                bound.is_any = spec is not None and spec.name == ANY  # type: ignore[attr-defined]
                bound.when = bound.when_value = ""  # type: ignore[attr-defined]
                if spec is not None and spec.shows_if and not q.item:
                    bound.when = names[spec.shows_if[0]]  # type: ignore[attr-defined]
                    bound.when_value = spec.shows_if[1]  # type: ignore[attr-defined]
                fields.append(bound)
            entries = [[self[entry_name(q, spec, i)] for spec in entry_fields(q, i) if spec.name != ANY]
                       for i in range(count)] if q.item else []
            made.append((q, fields, entries))
        return made

    def any_field(self, question: Question) -> forms.BoundField | None:
        """A list question's "do you have any?" field."""
        if not question.any_label:
            return None
        return self[form_name(question, question.fields[0])]


def as_decimal(value: Any) -> Decimal | None:
    return Decimal(str(value)) if value is not None else None

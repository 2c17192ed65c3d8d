"""Showing a parameter's value on the rules pages: numbers and words as they are, lists joined,
tables as definition lists (nested values are folded under a summary)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

register = template.Library()

# The units the parameter files name (in English, as data), as a reader of the page's language reads them.
_UNITS = {
    "months": _("months"), "years": _("years"), "weeks": _("weeks"), "days": _("days"), "CAD": _("CAN$"),
    "percent": _("percent"), "hours/week": _("hours a week"), "NCLC": _("NCLC levels"),
    "TEER (NOC 2021)": _("TEER categories (NOC 2021)"), "NOC 2021 unit groups": _("NOC 2021 unit groups"),
    "ISO 3166-1 alpha-2 codes": _("country codes (ISO 3166-1)"),
    "ISO 3166-1 alpha-2 code of the territory -> of the Party": _("territory's country code: the Party's"),
    "province codes": _("province and territory codes"),
    "Canada Post province codes": _("province and territory codes"),
    "significant_benefit.indicators values": _("kinds of evidence"),
    "NOC 2021 unit group -> hourly floor (CAD), subset": _("NOC 2021 unit group: hourly floor (CAN$)"),
    "CAN$ by family size (1 to 7 persons), and for each further person":
        _("CAN$ by family size (1 to 7 persons), and for each further person"),
}


@register.filter
def unit_label(unit: str) -> str:
    """A parameter's unit in the page's language (as written in the data when it has no translation)."""
    return str(_UNITS.get(unit, unit))


@register.filter
def rule_value(value: Any) -> SafeString:
    return _show(value, depth=0)


def _show(value: Any, depth: int) -> SafeString:
    if value is None:
        return mark_safe("—")
    if isinstance(value, bool):
        return format_html("{}", "✓" if value else "✗")
    if isinstance(value, list):
        if all(not isinstance(v, (dict, list)) for v in value):
            return format_html("{}", ", ".join(str(v) for v in value))
        items = format_html_join("", "<li>{}</li>", ((_show(v, depth + 1),) for v in value))
        return format_html('<ol class="rule-list">{}</ol>', items)
    if isinstance(value, dict):
        rows = format_html_join("", "<dt>{}</dt><dd>{}</dd>", ((k, _show(v, depth + 1)) for k, v in value.items()))
        body = format_html("<dl class=\"rule-table\">{}</dl>", rows)
        if depth == 0 and len(value) > 6:
            return format_html("<details><summary>{}</summary>{}</details>", _entries(len(value)), body)
        return body
    return format_html("{}", value)


def _entries(count: int) -> str:
    from django.utils.translation import ngettext

    return ngettext("%(count)d entry", "%(count)d entries", count) % {"count": count}

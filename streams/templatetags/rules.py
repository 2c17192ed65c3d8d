"""Showing a parameter's value on the rules pages: numbers and words as they are, lists joined,
tables as definition lists (nested values are folded under a summary)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


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

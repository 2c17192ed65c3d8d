"""The public pages' side of a firm's intake link: which firm the answers may go to, and whether
they went (the pages of ``streams.web`` load these; the firm is resolved here, not there)."""

from __future__ import annotations

from typing import Any

from django import template

from applications.intake import firm_for_token

register = template.Library()


@register.inclusion_tag("applications/_intake_notice.html")
def intake_notice(send_to: str) -> dict[str, Any]:
    return {"firm": firm_for_token(send_to)}


@register.inclusion_tag("applications/_send_to_firm.html")
def send_to_firm(answers: Any, token: str) -> dict[str, Any]:
    return {"firm": firm_for_token(answers.send_to), "answers": answers, "token": token}

"""The Content-Security-Policy as a browser enforces it: nothing on the pages is blocked, and the
NOC finder (htmx, then the site's own script) still fills the code field."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_pages_run_under_the_policy_and_the_noc_finder_fills_the_field(page: Any) -> None:
    blocked: list[str] = []
    # Redoc's footer shows its maker's logo from their server: left blocked (no call to a third party).
    page.on("console", lambda message: blocked.append(message.text)
            if "Content Security Policy" in message.text and "cdn.redoc.ly" not in message.text else None)
    for path in ("/", "/apply/", "/api/v1/docs/", "/api/v1/redoc/", "/employer/"):
        page.goto(page.base + path)
        page.wait_for_load_state("networkidle")
    # htmx fetches the suggestions; a click on one (site.js, no inline handler) fills the field
    page.get_by_label("by job title").fill("software engineer")
    suggestion = page.locator("button[data-noc-code]").first
    suggestion.wait_for(timeout=10_000)
    code = suggestion.get_attribute("data-noc-code")
    suggestion.click()
    assert page.get_by_label("NOC 2021 code (5 digits)").input_value() == code
    assert blocked == []

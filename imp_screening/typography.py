"""French typography on French pages: a non-breaking space before « : » and a narrow one before « ; ? ! »,
and inside guillemets, so that a colon or a question mark never starts a line.

Texts come from many places (templates, the French catalogue, the engine's rule texts, country names),
so the spacing is set once, on the page as it leaves: ``typeset`` rewrites the text between tags
(never a tag, an attribute, a style or a script), and the middleware applies it to every French HTML
page. PDFs are typeset the same way before they are drawn.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

NBSP = "\u00a0"  # before a colon, inside guillemets
NNBSP = "\u202f"  # before ; ? !

_TAG = re.compile(r"(<[^>]*>)")
_RAW = re.compile(r"<(script|style)\b", re.IGNORECASE)
_COLON = re.compile(r"(?<=\S)[ \u00a0\u202f]+:(?=\s|$|<|&)")
_TIGHT = re.compile(r"(?<=\S)[ \u00a0\u202f]+([;?!])(?=\s|$|<|&|»)")
# The same marks written without their space ("au Canada?", "Remarque:"), after a word or a closing
# mark and before a space or the end of the text: not a web address's "?q=" or "https://", nor a
# time ("10:30"), nor the ";" that ends a character reference ("&amp;").
_BARE_COLON = re.compile(r"(?<=[^\W\d_]):(?=\s|$|&)")
_BARE_TIGHT = re.compile(r"(?<=[\w)\]»’'\"%])([?!])(?=\s|$|&|»)")
_OPEN = re.compile(r"«[ \u00a0\u202f]+")
_CLOSE = re.compile(r"[ \u00a0\u202f]+»")


def _text(segment: str) -> str:
    segment = _COLON.sub(NBSP + ":", segment)
    segment = _BARE_COLON.sub(NBSP + ":", segment)
    segment = _TIGHT.sub(lambda m: NNBSP + m.group(1), segment)
    segment = _BARE_TIGHT.sub(lambda m: NNBSP + m.group(1), segment)
    segment = _OPEN.sub("«" + NBSP, segment)
    return _CLOSE.sub(NBSP + "»", segment)


def typeset(html: str, language: str) -> str:
    """``html`` with French spacing in its text (unchanged in any other language)."""
    if language != "fr":
        return html
    out: list[str] = []
    raw_until: str | None = None
    for piece in _TAG.split(html):
        if piece.startswith("<"):
            out.append(piece)
            if raw_until is None:
                opened = _RAW.match(piece)
                if opened:
                    raw_until = f"</{opened.group(1).lower()}"
            elif piece.lower().startswith(raw_until):
                raw_until = None
            continue
        out.append(piece if raw_until else _text(piece))
    return "".join(out)


class FrenchSpacingMiddleware:
    """Typesets every French HTML page (the active language is the page's)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        language = (response.headers.get("Content-Language") or getattr(request, "LANGUAGE_CODE", "") or "")
        if (not language.startswith("fr") or response.streaming
                or not response.headers.get("Content-Type", "").startswith("text/html")):
            return response
        charset = response.charset or "utf-8"
        body = typeset(response.content.decode(charset), "fr").encode(charset)
        response.content = body
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(body))
        return response

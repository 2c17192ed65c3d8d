"""The register of sources every rule, parameter, document and next step cites.

Each source is a page with its title and address in English and French, the date the page shows,
and whether it is an official government or treaty text (``official``). Official means published
by the Government of Canada or a treaty party (canada.ca, the Justice Laws site, the Canada Gazette,
Global Affairs Canada's CUSMA text, ESDC, Statistics Canada); the register refuses an official
source at another address, and the rulebook refuses a rule that cites no official source.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .texts import Text

# Hosts whose pages are official texts: canada.ca and its subdomains, the gc.ca domains (Justice
# Laws, the Canada Gazette, Global Affairs Canada, Statistics Canada) and the USTR copy of CUSMA.
_OFFICIAL_SUFFIXES = (".canada.ca", ".gc.ca", ".ustr.gov")
_OFFICIAL_EXACT = frozenset({"canada.ca", "ustr.gov"})


# An address of an English page, on the federal sites the register cites (canada.ca's /en/, the
# Help Centre's /english/, Global Affairs' lang=eng).
_ENGLISH_PAGE = re.compile(r"/en/|/english/|/eng/|[?&]lang=eng?(&|$)", re.IGNORECASE)
# Said after the French title of an official page whose French address is not known (not seen in
# any copy of the page: see tests/streams/engine/test_sources.py), so a French reader knows the link
# opens the English page.
IN_ENGLISH = " (en anglais)"


def is_official_url(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return host in _OFFICIAL_EXACT or host.endswith(_OFFICIAL_SUFFIXES)


class Address(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    en: str
    fr: str

    def __getitem__(self, language: str) -> str:
        return self.fr if language == "fr" else self.en


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    title: Text
    url: Address
    official: bool
    page_date: str | None = None  # the "Date modified" the page shows, or why there is none
    note: str | None = None  # how it was read; never shown to clients
    publisher: str | None = Field(default=None, description="who publishes a secondary source")

    @field_validator("url", mode="before")
    @classmethod
    def _one_address_for_both(cls, value: object) -> object:
        return {"en": value, "fr": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _checked(self) -> Source:
        for url in (self.url.en, self.url.fr):
            if not url.startswith("https://"):
                raise ValueError(f"a source address must start with https:// ({url})")
            if self.official and not is_official_url(url):
                raise ValueError(f"an official source must be on a government or treaty site ({url})")
        return self


class Register:
    """Sources by id; citations as the contract's JSON, made once per source and language."""

    def __init__(self, sources: Mapping[str, Source]) -> None:
        self.sources = dict(sources)
        self._citations: dict[tuple[str, str], dict[str, object]] = {
            (sid, language): {"title": self.title(sid, language), "url": s.url[language], "official": s.official}
            for sid, s in self.sources.items()
            for language in ("en", "fr")
        }
        self._lists: dict[tuple[tuple[str, ...], str], tuple[dict[str, object], ...]] = {}

    def __contains__(self, source_id: object) -> bool:
        return source_id in self.sources

    def __getitem__(self, source_id: str) -> Source:
        return self.sources[source_id]

    def title(self, source_id: str, language: str) -> str:
        """The source's title as cited in ``language``; in French, an official page known only at
        its English address says so."""
        source = self.sources[source_id]
        title = source.title[language]
        if (language == "fr" and source.official and source.url.fr == source.url.en
                and _ENGLISH_PAGE.search(source.url.en)):
            title += IN_ENGLISH
        return title

    def citations(self, source_ids: Iterable[str], language: str) -> tuple[dict[str, object], ...]:
        """Shared, never-mutated citation dicts (official ones first, each source once). The lists a
        rulebook cites are few: each is ordered once and kept."""
        key = (tuple(source_ids), language)
        found = self._lists.get(key)
        if found is None:
            ids = list(dict.fromkeys(key[0]))
            ids.sort(key=lambda sid: not self.sources[sid].official)
            found = self._lists[key] = tuple(self._citations[(sid, language)] for sid in ids)
        return found

    def any_official(self, source_ids: Iterable[str]) -> bool:
        return any(self.sources[sid].official for sid in source_ids)

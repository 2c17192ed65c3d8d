"""French readers get the French page of every official federal source, or the source is listed here on purpose.

Results, reports and rules pages cite ``url.fr`` in French. An official source on a Government of
Canada site (canada.ca, its subdomains, the gc.ca domains) must therefore give the French page's own
address, unless that address could not be confirmed (seen on a stored copy of the English page's
language link, of the French page itself, or of an IRCC French page linking to it). Those sources are
listed below with the reason; a French slug on canada.ca is translated, so it is never guessed.

When a French address is confirmed, add it to the source as ``url: {en: ..., fr: ...}`` and take the
source off the list (the test fails while a listed source has its French address). A new official
federal source needs its French address or a place on the list.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from streams.engine import default_rulebook
from streams.engine.sources import Source

_UPDATE = "IRCC program delivery update (updates/ page): no stored copy of the French update page was found"
_INSTRUCTIONS = "IRCC program delivery instructions: no stored copy of the French page was found"
_CLIENT = "IRCC client page: no stored copy of the French page was found"
_NEWS = "IRCC news release: the French release was seen only on a wire service, not on canada.ca"
_HELP = ("IRCC Help Centre answer: the French answer for this qnum was not seen (the French Help Centre is "
         "/francais/centre-aide/reponse.asp, seen for qnum 1384 only)")

# Official federal sources whose French page could not be confirmed: source id -> why.
FRENCH_PAGE_NOT_CONFIRMED: dict[str, str] = {
    # Program delivery updates (canada.ca .../operational-bulletins-manuals/updates/...).
    "ircc_c11_update_2025": _UPDATE,
    "ircc_c11_update_2022": _UPDATE,
    "ircc_cusma_update_2024": _UPDATE,
    "doc_c16_update_2023": _UPDATE,
    "ircc_c16_update_2023": _UPDATE,
    "ircc_lmia_codes_update_2022": _UPDATE,
    "ircc_ict_update_2024": _UPDATE,
    "ircc_nafta_sk_2019": _UPDATE,
    "iec_update_2023_12": _UPDATE,
    "iec_participation_counting_2023": _UPDATE,
    "ircc_update_2020_religious": _UPDATE,
    "ircc_update_2023_family": _UPDATE,
    "ircc_update_2023_july": _UPDATE,
    "ircc_update_2024_c42_march": _UPDATE,
    "ircc_update_2024_c42_may": _UPDATE,
    "ircc_update_2025_family": _UPDATE,
    # Program delivery instructions.
    "ircc_cusma_professionals": _INSTRUCTIONS,
    "doc_cusma_professionals_pdi": _INSTRUCTIONS,
    "ircc_cusma_ict_pdi": _INSTRUCTIONS,
    "ircc_application_method": _INSTRUCTIONS,
    "ircc_document_requirements": _INSTRUCTIONS,
    "ircc_work_assessment_steps": _INSTRUCTIONS + " (only the older cic.gc.ca French copy, at another address)",
    "ircc_noc_2021_equivalents": _INSTRUCTIONS,
    "ircc_ict_positions": _INSTRUCTIONS,
    "iec_agreements": _INSTRUCTIONS,
    "doc_iec_agreements": _INSTRUCTIONS,
    # Client pages.
    "ircc_ime_countries": _CLIENT,
    # News releases.
    "iec_news_iceland_2023": _NEWS,
    # Help Centre answers.
    "ircc_medical_exam": _HELP,
    "iec_help_age": _HELP,
    # Other federal sites.
    "cic_c10_archived": "archived cic.gc.ca instructions: no stored copy of the French page was found",
    "gac_cusma_ict": ("Global Affairs Canada guide: the French page was seen only in its NAFTA-era version, at an "
                      "older address (trade-agreements-accords-commerciaux/.../temp05-4.aspx?lang=fr)"),
}

# How a French address differs from the English one on each kind of federal site.
_FRENCH_MARK = re.compile(r"/fr/|/fra/|/francais/|[?&]lang=fra?(&|$)|-fra\.html$", re.IGNORECASE)


def _federal(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return host == "canada.ca" or host.endswith((".canada.ca", ".gc.ca"))


def _official_federal() -> dict[str, Source]:
    return {sid: s for sid, s in default_rulebook().register.sources.items() if s.official and _federal(s.url.en)}


def test_an_official_federal_source_without_a_french_address_is_listed_on_purpose() -> None:
    english_only = {sid for sid, s in _official_federal().items() if s.url.fr == s.url.en}
    assert english_only - FRENCH_PAGE_NOT_CONFIRMED.keys() == set(), (
        "official federal sources with no French address: add it (url: {en, fr}) or list the source, with the "
        "reason, in FRENCH_PAGE_NOT_CONFIRMED")
    assert FRENCH_PAGE_NOT_CONFIRMED.keys() - english_only == set(), (
        "listed sources that now have a French address (or are gone): take them off FRENCH_PAGE_NOT_CONFIRMED")


@pytest.mark.parametrize("sid", sorted(_official_federal()))
def test_a_french_address_is_the_french_page_on_the_same_site(sid: str) -> None:
    source = _official_federal()[sid]
    en, fr = source.url.en, source.url.fr
    if en == fr:
        return
    assert _FRENCH_MARK.search(fr), f"{sid}: {fr} is not a French page"
    assert not _FRENCH_MARK.search(en), f"{sid}: {en} is not an English page"
    assert (urlsplit(fr).hostname or "").removeprefix("www.") == (urlsplit(en).hostname or "").removeprefix("www.")


def test_the_list_gives_a_reason_for_each_source() -> None:
    assert all(reason.strip() for reason in FRENCH_PAGE_NOT_CONFIRMED.values())


def test_a_french_citation_of_an_english_page_says_the_page_is_in_english() -> None:
    register = default_rulebook().register
    for sid in sorted(FRENCH_PAGE_NOT_CONFIRMED):
        (cited,) = register.citations([sid], "fr")
        assert cited["title"] == register[sid].title.fr + " (en anglais)", sid
        assert cited["url"] == register[sid].url.en
        (english,) = register.citations([sid], "en")
        assert "anglais" not in str(english["title"])
    for sid, source in _official_federal().items():
        if source.url.fr != source.url.en:  # the French page itself: nothing to say
            (cited,) = register.citations([sid], "fr")
            assert cited == {"title": source.title.fr, "url": source.url.fr, "official": True}, sid

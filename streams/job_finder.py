"""Finding NOC 2021 unit groups from everyday job titles, in English and French.

The index is Statistics Canada's 57,000 example titles (``data/noc_2021_example_titles.csv``) and
the unit groups' own titles, both languages, built once per process. A search matches every word
of the query as the start of a word of a title, without regard to case or accents ("infirmiere
autorisee" finds "Infirmier autorisé/infirmière autorisée"), and returns unit groups, each with the
title that matched best, its own title and its TEER.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from streams.engine.reference import noc_unit_groups

TITLES = Path(__file__).parent / "data" / "noc_2021_example_titles.csv"
_WORD = re.compile(r"[a-z0-9]+")


def fold(text: str) -> str:
    """Lower case without accents: "Électricienne" -> "electricienne"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


@dataclass(frozen=True, slots=True)
class Title:
    code: str
    language: str
    text: str
    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Match:
    code: str
    title: str  # the example (or unit group) title that matched
    unit_group: str  # the unit group's title in the reader's language
    teer: int


class JobIndex:
    """Titles and, per word, the titles that contain it; words kept sorted for prefix look-ups."""

    def __init__(self, titles: list[Title]) -> None:
        self.titles = titles
        postings: dict[str, list[int]] = {}
        for index, title in enumerate(titles):
            for word in set(title.words):
                postings.setdefault(word, []).append(index)
        self.vocabulary = sorted(postings)
        self.postings = postings

    def _with_prefix(self, prefix: str) -> set[int]:
        found: set[int] = set()
        start = bisect_left(self.vocabulary, prefix)
        for word in self.vocabulary[start:]:
            if not word.startswith(prefix):
                break
            found.update(self.postings[word])
        return found

    def search(self, query: str, language: str, limit: int = 12) -> list[Match]:
        terms = words(query)
        if not terms or (len(terms) == 1 and len(terms[0]) < 2):
            return []
        groups = noc_unit_groups()
        if len(terms) == 1 and terms[0].isdigit():
            codes = [code for code in sorted(groups) if code.startswith(terms[0])][:limit]
            return [self._match(code, _group_title(code, language), language) for code in codes]
        candidates: set[int] | None = None
        for term in sorted(terms, key=len, reverse=True):  # long terms are rarer: intersect from them
            hits = self._with_prefix(term)
            candidates = hits if candidates is None else candidates & hits
            if not candidates:
                return []
        assert candidates is not None

        phrase = " ".join(terms)

        def rank(index: int) -> tuple[int, int, int, int, int, str]:
            title = self.titles[index]
            exact = sum(1 for term in terms if term in title.words)
            joined = " ".join(title.words)
            together = 0 if joined.startswith(phrase) else 1 if f" {phrase}" in f" {joined}" else 2
            first = 0 if title.words and title.words[0].startswith(terms[0]) else 1
            return (-exact, together, first, 0 if title.language == language else 1, len(title.text), title.text)

        best: dict[str, int] = {}
        for index in sorted(candidates, key=rank):
            code = self.titles[index].code
            if code not in best:
                best[code] = index
                if len(best) >= limit:
                    break
        return [self._match(code, self.titles[index].text, language) for code, index in best.items()]

    def _match(self, code: str, title: str, language: str) -> Match:
        group = noc_unit_groups()[code]
        return Match(code=code, title=title, unit_group=_group_title(code, language), teer=group.teer)


def _group_title(code: str, language: str) -> str:
    group = noc_unit_groups()[code]
    return group.title_fr if language == "fr" else group.title_en


@cache
def job_index() -> JobIndex:
    """The index, built on first use (about half a second) and shared by every request after."""
    titles: list[Title] = []
    known = noc_unit_groups()
    with TITLES.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["noc_code"] not in known:
                raise ValueError(f"{TITLES.name}: {row['noc_code']} is not a NOC 2021 unit group")
            titles.append(Title(row["noc_code"], row["language"], row["title"], tuple(words(row["title"]))))
    for group in known.values():
        titles.append(Title(group.code, "en", group.title_en, tuple(words(group.title_en))))
        titles.append(Title(group.code, "fr", group.title_fr, tuple(words(group.title_fr))))
    return JobIndex(titles)


def job_search(query: str, *, language: str, limit: int = 12) -> list[Match]:
    return job_index().search(query, language, limit)

"""Loaded terms: lexicon matches and scare quotes, one hit per stretch of text, with voice.

Every use of a term is a hit (:func:`loaded_hits`; the per-100-word features count every use).
The evidence (:func:`evidence_hits`) reports a *label* once per voice, at its first use, with
the count and the offsets of its later uses: once a text has called a group "terrorists" or a
government "the regime", later uses refer back to that label rather than apply it afresh (on
the tune half of the SemEval-2020 Task 11 dev articles, experts marked 2 of 67 repeated labels,
against about half of first uses). Emotive words (``loaded_language``) evaluate afresh each time and are reported at every use.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Callable

from ..lexicon import Match, Tokens, normalise
from ..profile import LanguageProfile
from .quotes import Quote

@dataclass
class LoadedHit:
    """One stretch of loaded text: one term, counted once, with its main category first in
    ``categories`` (a scare-quoted "terrorists" is terror_violence and scare_quotes)."""

    term: str
    matched: str
    category: str
    voice: str  # "own" | "quoted" | "comment" (inside appended reader comments)
    start: int
    end: int
    categories: list[str] = field(default_factory=list)
    # later uses of the same label in the same voice, reported with this first use
    # (evidence_hits); ``count`` = 1 + len(repeats)
    repeats: list[tuple[int, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.categories:
            self.categories = [self.category]

    @property
    def count(self) -> int:
        return 1 + len(self.repeats)

    def as_dict(self) -> dict:
        return {"term": self.term, "matched": self.matched, "category": self.category,
                "voice": self.voice, "start": self.start, "end": self.end,
                "categories": list(self.categories), "count": self.count,
                "repeats": [[s, e] for s, e in self.repeats]}


# Categories whose terms label a person, group, government or event (name calling); the emotive
# words of ``loaded_language`` are not labels.
LABEL_CATEGORIES = frozenset({"terror_violence", "delegitimising", "conspiracy_blame",
                              "dehumanising_insult", "glorification", "scare_labels"})


def evidence_hits(hits: list[LoadedHit]) -> list[LoadedHit]:
    """The hits a reader is shown: a label once per voice, at its first use, carrying the offsets
    of its later uses (``repeats``); every other hit as it is. Sum of ``count`` = len(hits)."""
    first: dict[tuple[str, str], LoadedHit] = {}
    out: list[LoadedHit] = []
    for h in hits:
        if h.category not in LABEL_CATEGORIES:
            out.append(h)
            continue
        key = (h.term.lower(), h.voice)
        seen = first.get(key)
        if seen is None:
            seen = first[key] = LoadedHit(h.term, h.matched, h.category, h.voice, h.start, h.end,
                                          list(h.categories))
            out.append(seen)
        else:
            seen.repeats.append((h.start, h.end))
    return out



_MENTION_BEFORE = re.compile(r"(\w+(?:-\w+)*)\W{0,3}$")  # "so-called" is one word, not "called"


def _scare_quotes(text: str, quotes: list[Quote], c: LanguageProfile, voice_at) -> list[Quote]:
    """Short unattributed quotes in the outlet's own voice that distance it from a word: the
    "peaceful" protesters, so-called "experts". A quote is not one when it names something (a
    capital: a title, a name, a headline), when a word before it says a word is being
    mentioned ("the term", "known as", "words like"), or when the same words are quoted again
    (the text discusses the term)."""
    short = [q for q in quotes if q.kind == "direct" and q.speaker is None
             and 1 <= len(q.text.split()) <= 3]
    if not short:
        return []
    seen: dict[str, int] = {}
    for q in short:
        key = q.text.strip(" ,.?!;:").lower()
        seen[key] = seen.get(key, 0) + 1
    out = []
    for q in short:
        t = q.text.strip()
        if not t or not t[0].islower() or seen[q.text.strip(" ,.?!;:").lower()] > 1:
            continue
        if voice_at(q.start) != "own":
            continue
        m = _MENTION_BEFORE.search(text, max(0, q.start - 30), q.start)
        if m is not None and c.mention and normalise(m.group(1), c.lang) in c.mention:
            continue
        out.append(q)
    return out


def _one_hit_per_span(text: str, hits: list[LoadedHit]) -> list[LoadedHit]:
    """Overlapping hits are one loaded term: a lexicon term inside scare quotes is one hit over
    the quoted stretch, with the lexicon's category first and scare_quotes after it."""
    hits.sort(key=lambda h: (h.start, -h.end))
    out: list[LoadedHit] = []
    for h in hits:
        if out and h.start < out[-1].end:
            prev = out[-1]
            lex, other = (h, prev) if prev.category == "scare_quotes" else (prev, h)
            end = max(prev.end, h.end)
            cats = list(dict.fromkeys((*lex.categories, *other.categories)))
            out[-1] = LoadedHit(lex.term, text[prev.start:end], lex.category, prev.voice,
                                prev.start, end, cats)
        else:
            out.append(h)
    return out



def lexicon_matches(toks: Tokens, c: LanguageProfile) -> list[Match]:
    """The language's loaded-term lexicon matched on the tokens (longest first, no overlaps),
    less the terms used in a literal or fixed sense: a match that lies inside a phrase of the
    language's ``literal_senses`` list ("regime change", "natural disaster") is dropped."""
    if not c.loaded:
        return []
    found = c.loaded.find(toks)
    if not found or c.literal is None:
        return found
    literal = c.literal.find(toks)
    if not literal:
        return found
    return [m for m in found
            if not any(l.start_token <= m.start_token and m.end_token <= l.end_token
                       for l in literal)]


def loaded_hits(text: str, toks: Tokens, matches: list[Match], quotes: list[Quote],
                c: LanguageProfile, voice_at: Callable[[int], str],
                skip: list[tuple[int, int]] = ()) -> list[LoadedHit]:
    """Lexicon terms with the voice they are in, and scare quotes (short unattributed quotes in
    the outlet's own voice), merged so that one stretch of text is one loaded term. Nothing is
    taken from the ``skip`` spans (sorted: repeated copies of a sentence, segment.repeated_copies)."""
    hits = [LoadedHit(q.text, q.text, "scare_quotes", "own", q.start, q.end)
            for q in _scare_quotes(text, quotes, c, voice_at)]
    for m in matches:
        s, e = toks.starts[m.start_token], toks.ends[m.end_token - 1]
        hits.append(LoadedHit(m.term, text[s:e], m.category, voice_at(s), s, e))
    if skip and hits:
        starts = [a for a, _ in skip]

        def skipped(pos: int) -> bool:
            i = bisect.bisect_right(starts, pos) - 1
            return i >= 0 and pos < skip[i][1]

        hits = [h for h in hits if not skipped(h.start)]
    return _one_hit_per_span(text, hits)

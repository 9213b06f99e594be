"""Whose voices a story carries, how it introduces them, and how it addresses the powerful.

Wire copy and state agency copy both write "said" and datelines; what tells them apart is whose
words they carry and how. This extractor sorts each attribution (:mod:`.attribution`):

- its **source**: ``official`` when the source's noun phrase names an office or an arm of a
  government ("the foreign ministry", "spokesman Zhao", "President Tokayev"), ``counter`` when it
  names a critic, the opposition, civil society, an independent expert or the people affected
  ("critics", "rights groups", "residents told Reuters"); a source that names both is a counter
  voice ("opposition lawmakers"); a pronoun source takes the kind of the source named last
  before it ("Xi said ... He stressed ...");
- its **verb**: ``deferential`` when it presents the words as weighty or right ("stressed",
  "noted", "pointed out", "hailed"), ``distancing`` when it doubts or judges the source
  ("claimed", "alleged", "insisted", "admitted", "slammed");
- its **source key**, the last word of the source's name or role (pronouns resolved as above),
  so a story can be measured by how much of it one voice fills.

It also finds **honorifics and title-chain links in the outlet's own voice** ("respected
Comrade", "His Excellency", "also general secretary of the ... Central Committee"): inside a
quotation they are the speaker's words.

The word lists are data, read through the language's profile (``features/<lang>/cues/
{official_sources,counter_voices,deferential_verbs,distancing_verbs,honorifics}.txt``); a
language without a list has the measures that need it missing, never 0.
"""

from __future__ import annotations

from typing import Callable, Sequence

from ..lexicon import Tokens, normalise, tokenize
from ..profile import LanguageProfile
from .quotes import Quote

# Pronoun sources stand for the source named before them.
_PRONOUNS = frozenset("he she they it we i him her them his its their".split())


def verb_key(verb: str, c: LanguageProfile) -> str:
    """An attribution verb as the verb lists hold it (normalised, word by word)."""
    return " ".join(normalise(w, c.lang) for w in verb.lower().split())


_PP = frozenset("of at from in for with".split())


def _key(tokens: Tokens) -> str | None:
    """The last word of a source's name or role, before any prepositional phrase ("Chinese
    President Xi Jinping" -> "jinping", "the foreign ministry" -> "ministry", "critics of the
    plan" -> "critic"); None for a bare pronoun."""
    end = next((i for i in range(1, len(tokens)) if tokens.lower[i] in _PP), len(tokens))
    for i in range(end - 1, -1, -1):
        low = tokens.lower[i]
        if low in _PRONOUNS or not low[:1].isalpha():
            continue
        return tokens.norm[i]
    return None


def classify(quotes: Sequence[Quote], c: LanguageProfile) -> None:
    """Set ``source_kind``, ``verb_kind`` and ``source_key`` on each attribution (in place)."""
    last_kind: str | None = None
    last_key: str | None = None
    for q in quotes:
        if q.speaker is None and q.kind != "reported":
            continue  # an unattributed quotation: no source
        if q.verb:
            vk = verb_key(q.verb, c)
            if c.deferential is not None and vk in c.deferential:
                q.verb_kind = "deferential"
            elif c.distancing is not None and vk in c.distancing:
                q.verb_kind = "distancing"
        kind, key = _source(q.speaker, c) if q.speaker else (None, None)
        if key is None:  # a pronoun, or no speaker: the source named last
            q.source_kind, q.source_key = last_kind, last_key
            continue
        q.source_kind = kind
        q.source_key = key
        last_kind, last_key = q.source_kind, key


# Speaker phrases repeat within a story and across a corpus ("the ministry", "he", "officials"):
# each is tokenised and matched once per process (bounded, so unique strings cannot grow it).
_SOURCES: dict[tuple[str, str], tuple[str | None, str | None]] = {}
_SOURCES_MAX = 100_000


def _source(speaker: str, c: LanguageProfile) -> tuple[str | None, str | None]:
    """(source kind, source key) of one speaker phrase."""
    hit = _SOURCES.get((c.lang, speaker))
    if hit is not None and _PROFILES.get(c.lang) is c:
        return hit
    toks = tokenize(speaker, c.lang)
    key = _key(toks)
    kind = None
    if key is not None:
        if c.counter_voices is not None and c.counter_voices.find(toks):
            kind = "counter"
        elif c.official_sources is not None and c.official_sources.find(toks):
            kind = "official"
    if _PROFILES.get(c.lang) is not c:  # another profile object for the language: start over
        _PROFILES[c.lang] = c
        for k in [k for k in _SOURCES if k[0] == c.lang]:
            del _SOURCES[k]
    if len(_SOURCES) >= _SOURCES_MAX:
        _SOURCES.clear()
    _SOURCES[(c.lang, speaker)] = (kind, key)
    return kind, key


_PROFILES: dict[str, LanguageProfile] = {}  # the profile the cached answers of a language came from


def honorifics(tokens: Tokens, c: LanguageProfile, voice_at: Callable[[int], str]
               ) -> list[tuple[int, int, str]]:
    """Honorifics and title-chain links in the outlet's own voice: (start, end, term)."""
    if c.honorifics is None:
        return []
    out = []
    for hit in c.honorifics.find(tokens):
        start = tokens.starts[hit.start_token]
        if voice_at(start) == "own":
            out.append((start, tokens.ends[hit.end_token - 1], hit.term))
    return out


__all__ = ["classify", "honorifics", "verb_key"]

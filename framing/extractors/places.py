"""Places beyond the language's home country, with the voice they are in."""

from __future__ import annotations

from dataclasses import dataclass

from typing import Callable

from ..lexicon import Tokens, normalise
from ..profile import LanguageProfile

@dataclass
class PlaceHit:
    """A place beyond the language's home country (country, nationality, capital, region)."""

    text: str
    start: int
    end: int
    voice: str  # "own" | "quoted"

    def as_dict(self) -> dict:
        return {"text": self.text, "voice": self.voice, "start": self.start, "end": self.end}



# English: "New X" places in the United States whose X is a listed place ("New Mexico")
_NEW_US = frozenset({"mexico", "england", "london", "britain"})
# English: a nationality before "American(s)" names Americans ("African American", "Mexican-American")
_AMERICAN = frozenset({"american", "americans"})


def _places(text: str, toks: Tokens, places, lang: str, voice_at) -> list[PlaceHit]:
    """Places from the language's places list, with the voice they are in.

    English place names are proper nouns, so a match must be capitalised ("Turkey", not
    "turkey"; "Korean peninsula" counts), "New Mexico" and "New England" are US places, a
    nationality before "American" names Americans ("African American", "Native American
    Indian"), and places inside hyphenated words count ("Chinese-made", "Russia-Ukraine").
    """
    out = []
    lower = toks.lower
    for m in places.find(toks):
        j, k = m.start_token, m.end_token
        s, e = toks.starts[j], toks.ends[k - 1]
        if lang == "en":
            head = j + 1 if lower[j] == "the" and k - j > 1 else j
            if not text[toks.starts[head]].isupper():
                continue
            if k - j == 1 and j > 0 and lower[j] in _NEW_US and lower[j - 1] == "new" \
                    and text[toks.starts[j - 1]] == "N":
                continue
            before = lower[j - 1] if j > 0 else ""
            after = lower[k] if k < len(toks) else ""
            if after in _AMERICAN or before in _AMERICAN or before == "native":
                continue
        out.append(PlaceHit(text[s:e], s, e, voice_at(s)))
    if lang == "en":
        out.extend(_hyphenated_places(text, toks, places, voice_at))
        out.sort(key=lambda p: p.start)
    return out


def _hyphenated_places(text: str, toks: Tokens, places, voice_at) -> list[PlaceHit]:
    """Places inside hyphenated English words: "Chinese-made", "US-China", "Kremlin-backed"."""
    single = places.single_words
    out = []
    for i, low in enumerate(toks.lower):
        if "-" not in low:
            continue
        parts = low.split("-")
        pos = toks.starts[i]
        for n, part in enumerate(parts):
            if n + 1 < len(parts) and parts[n + 1] in _AMERICAN:
                pass  # "African-American"
            elif text[pos].isupper() and normalise(part, "en") in single:
                out.append(PlaceHit(text[pos:pos + len(part)], pos, pos + len(part), voice_at(pos)))
            pos += len(part) + 1
    return out



def find_places(text: str, toks: Tokens, c: LanguageProfile,
                voice_at: Callable[[int], str]) -> list[PlaceHit]:
    """Places from the language's places list (none without one), with their voice."""
    return _places(text, toks, c.places, c.lang, voice_at) if c.places is not None else []

"""Segmentation: sentences (here) and paragraphs (:func:`framing.language.paragraphs`)."""

from __future__ import annotations

import re

from .language import paragraphs

__all__ = ["paragraphs", "repeated_copies", "split_sentences"]

_SENT_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)|\n")
_NEXT_START = re.compile(r"\s*[\"'“‘«„(\[—–-]?\s*[A-ZА-ЯЁІЇЄҐӘҒҚҢӨҰҮҺ0-9]")
_ABBREV = frozenset(
    "mr mrs ms dr prof gen col lt sgt capt cmdr adm sen rep gov st jr sr inc corp co ltd no nos "
    "jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.u vs v fig approx est dept "
    "univ ave rev hon pres atty gen maj brig supt insp cpl pvt mt ft".split()
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: ends at . ! ? … (closing quotes kept) before a capital, and at newlines."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        end = m.end()
        if m.group() != "\n":
            if not _NEXT_START.match(text, end):
                continue
            if m.group()[0] == ".":
                word = text[max(start, m.start() - 6) : m.start()].rsplit(None, 1)
                w = word[-1].lower().lstrip("(\"'“") if word else ""
                if w in _ABBREV or (len(w) == 1 and w.isalpha()):
                    continue
        if text[start:end].strip():
            spans.append((start, end))
        start = end
    if text[start:].strip():
        spans.append((start, len(text)))
    # trim surrounding whitespace
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out



def repeated_copies(text: str, sentences: list[tuple[int, int]],
                    min_words: int = 5) -> list[tuple[int, int]]:
    """Spans of the second and later copies of a sentence of ``min_words`` words or more that
    occurs verbatim more than once in the text: page furniture (a poll, a sign-up box, a
    "related stories" line) pasted into the article, or a story posted twice. The first copy
    is left alone."""
    seen: set[str] = set()
    out: list[tuple[int, int]] = []
    for s, e in sentences:
        key = text[s:e]
        if key.count(" ") < min_words - 1:
            continue
        if key in seen:
            out.append((s, e))
        else:
            seen.add(key)
    return out

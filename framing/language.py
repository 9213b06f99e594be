"""Language detection per document and per paragraph (py3langid: offline, model in the wheel)."""

from __future__ import annotations

import functools
import re

_PARA_SPLIT = re.compile(r"\n\s*\n|\n(?=\s*\S)")
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_MIN_PARA_CHARS = 40  # characters; shorter paragraphs (bylines, "Reply") carry no reliable signal
_MAX_DETECT_CHARS = 400  # py3langid costs ~0.35 us a character; 400 decide reliably
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# The commonest English function words: an English paragraph has 30-45 % of its words in this
# set, any other language under 10 %. A paragraph of an English document is only sent to the
# (slower) classifier when it looks un-English by this cheap test.
_EN_FUNCTION = frozenset(
    "the of and to a in is that for on with as was at by it said from are be has have this an "
    "were will not he his they but or who which their its had been would".split()
)


@functools.lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import _load_identifier

    # norm_probs=True: classify() returns a probability, not a raw log score
    return _load_identifier(norm_probs=True)


def detect(text: str) -> tuple[str | None, float]:
    """Language code and probability of one piece of text; (None, 0.0) when there is no text."""
    sample = text[:_MAX_DETECT_CHARS]
    if len(_LETTER.findall(sample)) < 3:
        return None, 0.0
    code, prob = _identifier().classify(sample)
    return code, float(prob)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Character spans of the paragraphs (split at newlines)."""
    spans = []
    pos = 0
    for m in _PARA_SPLIT.finditer(text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans


def detect_languages(text: str) -> tuple[str | None, dict[str, float], list[tuple[int, int, str]]]:
    """Main language, share of characters per language, and (start, end, lang) per paragraph.

    Each paragraph with enough letters is classified on its own, so that an English tweet quoted
    in a Latvian article or an English reader comment under a Russian one is seen. Paragraphs
    too short to judge take the document-level language.
    """
    doc_lang, _ = detect(text)
    if doc_lang is None:
        return None, {}, []
    letters: dict[str, int] = {}
    spans: list[tuple[int, int, str]] = []
    for start, end in paragraphs(text):
        para = text[start:end]
        n = len(para)
        lang = doc_lang
        if n >= _MIN_PARA_CHARS and (doc_lang != "en" or not _looks_english(para)):
            lang = detect(para)[0] or doc_lang
        spans.append((start, end, lang))
        letters[lang] = letters.get(lang, 0) + max(n, 1)
    total = sum(letters.values()) or 1
    shares = {k: round(v / total, 4) for k, v in sorted(letters.items(), key=lambda kv: -kv[1])}
    main = next(iter(shares)) if shares else doc_lang
    return main, shares, spans


def _looks_english(para: str) -> bool:
    words = _WORD.findall(para[:200].lower())
    if len(words) < 8:
        return True
    return sum(w in _EN_FUNCTION for w in words) / len(words) >= 0.12

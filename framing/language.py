"""Language detection per document and per paragraph (py3langid: offline, model in the wheel)."""

from __future__ import annotations

import functools
import re

_BLOCK_SPLIT = re.compile(r"\n[ \t\r\f\v]*\n")
_SENTENCE_END = tuple(".!?:;\"'”’»)")
PARAGRAPH_MIN_WORDS = 3  # lines of at most this many words (captions, "Share") are not body text
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
    """Character spans of the paragraphs: one a line, unless a block of lines between blank lines
    is hard-wrapped (most of its lines stop mid-sentence), in which case the block is one
    paragraph. Web text and the corpora here put one paragraph on a line; e-mail and plain-text
    archives wrap lines at a fixed width and separate paragraphs by blank lines."""
    spans: list[tuple[int, int]] = []
    blocks = []
    pos = 0
    for m in _BLOCK_SPLIT.finditer(text):
        blocks.append((pos, m.start()))
        pos = m.end()
    blocks.append((pos, len(text)))
    for b0, b1 in blocks:
        lines = []
        p0 = b0
        for ln in text[b0:b1].split("\n"):
            if ln.strip():
                lines.append((p0, p0 + len(ln)))
            p0 += len(ln) + 1
        if not lines:
            continue
        # lines of text (not captions or "Share") before the block's last line
        inner = [ln for ln in (text[a:e].rstrip() for a, e in lines[:-1])
                 if len(ln.split()) > PARAGRAPH_MIN_WORDS]
        wrapped = len(inner) >= 2 and \
            sum(not ln.endswith(_SENTENCE_END) for ln in inner) >= 0.6 * len(inner)
        spans.extend([(lines[0][0], lines[-1][1])] if wrapped else lines)
    return spans


def detect_languages(text: str, paras: list[tuple[int, int]] | None = None,
                     ) -> tuple[str | None, dict[str, float], list[tuple[int, int, str]]]:
    """Main language, share of characters per language, and (start, end, lang) per paragraph.

    Each paragraph with enough letters is classified on its own, so that an English tweet quoted
    in a Latvian article or an English reader comment under a Russian one is seen. Paragraphs
    too short to judge take the document-level language. ``paras``: the :func:`paragraphs` of
    ``text``, when the caller has them already.
    """
    doc_lang, _ = detect(text)
    if doc_lang is None:
        return None, {}, []
    letters: dict[str, int] = {}
    spans: list[tuple[int, int, str]] = []
    for start, end in paras if paras is not None else paragraphs(text):
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

"""An appended reader-comment thread: its span and the comment-signal lines."""

from __future__ import annotations

import re

from ..lexicon import normalise, term_set

# English, Russian, Ukrainian and Latvian month names ("26 ноября 2022 22:12")
_MONTH_NAMES = (r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|maij|jūn|jūl"
                r"|янв|фев|мар|апр|ма[яй]|июн|июл|авг|сен|окт|ноя|дек"
                r"|січ|лют|бер|квіт|трав|черв|лип|серп|верес|жовт|листоп|груд)\w*")
_COMMENT_LINE = re.compile(
    r"(?im)^[ \t]*(?:\d{1,3}[.)][ \t]+)?(?:@?[\w.-]{2,30}[ \t]+)?"
    r"(?:\d{1,2}[ \t]+(?:minute|hour|day|week|month|year)s?[ \t]+ago"
    r"|" + _MONTH_NAMES + r"[ \t]+\d{1,2},?[ \t]+\d{4}[ \t]+(?:at[ \t]+)?\d{1,2}:[ \t]?\d{2}"
    # "26 November 2022 22: 12", "26.11.2022 22:12", "2022-11-26 22:12" (a comment's timestamp)
    r"|\d{1,2}\.?[ \t]+" + _MONTH_NAMES + r",?[ \t]+\d{4},?[ \t]+(?:at[ \t]+)?\d{1,2}:[ \t]?\d{2}"
    r"|\d{1,2}[./]\d{1,2}[./]\d{2,4},?[ \t]+\d{1,2}:[ \t]?\d{2}"
    r"|\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}"
    r"|\d{1,2}:\d{2}[ \t]*(?:am|pm))"
)
# "Quote: Denis Z" (a reply quoting another commenter), "Цитата: …", "Citāts: …"
_QUOTE_LINE = re.compile(r"(?i)^(?:quote|цитата|citāts)[ \t]*:[ \t]*\S")
_COMMENT_SPLIT = re.compile(r"[ \t]*[/|·•][ \t]*")
_BLOCK_GAP = 6  # lines: signals of one comment thread lie at most this far apart
_BLOCK_MIN = 3  # signal lines that make a thread


def _comment_markers(lang: str) -> frozenset[str]:
    """The language's comment markers and the English ones (widgets are often left in English)."""
    return term_set(lang, "style", "comment_markers") | term_set("en", "style", "comment_markers")


def _signal_lines(text: str, lang: str) -> list[tuple[int, int, bool]]:
    """(start, end, is_signal) of every non-blank line: markers ("Reply", "Offline",
    "Comment / Reply"), timestamps, "@user" and "Quote: user" lines."""
    markers = _comment_markers(lang)
    stamped = {m.start() for m in _COMMENT_LINE.finditer(text)}
    out = []
    pos = 0
    for line in text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        body = line.strip()
        if not body:
            continue
        lead = start + len(line) - len(line.lstrip())
        sig: bool | str = "time" if (lead in stamped or start in stamped) else False
        if not sig and len(body) <= 60:
            low = body.lower().rstrip(":.!")
            if low in markers or normalise(low, lang) in markers:
                sig = True
            elif body.startswith("@") and len(body.split()) <= 3:
                sig = True
            elif _QUOTE_LINE.match(body) and len(body.split()) <= 5:
                sig = True
            else:
                parts = [p for p in _COMMENT_SPLIT.split(low) if p]
                words = low.split()
                sig = (len(parts) > 1 and all(p in markers or p.split()[0] in markers
                                              for p in parts))
                sig = sig or (1 < len(words) <= 4 and words[0] in markers
                              and all(w in markers or w in ("from", "to", "by") for w in words))
        out.append((start, start + len(line), sig))
    return out


def find_comments(text: str, lang: str) -> tuple[list[tuple[int, int]], int]:
    """The appended reader-comment thread, as one span to the end of the text (or none), and the
    number of comment-signal lines in the whole text.

    A thread is a run of at least three signal lines, each within six lines of the next, running
    on to the end; it starts at its first signal line, or at the short line before it (the
    commenter's name above a timestamp). Article text must come first."""
    lines = _signal_lines(text, lang)
    sig_idx = [k for k, ln in enumerate(lines) if ln[2]]
    n = len(sig_idx)
    if n < _BLOCK_MIN:
        return [], n
    # walk back from the last signal while the gaps stay small
    first = len(sig_idx) - 1
    while first > 0 and sig_idx[first] - sig_idx[first - 1] <= _BLOCK_GAP:
        first -= 1
    if len(sig_idx) - first < _BLOCK_MIN or len(lines) - sig_idx[-1] > 3 * _BLOCK_GAP:
        return [], n
    # timestamps alone are a live blog's updates: a thread has markers too ("Reply", "Quote:")
    if all(lines[k][2] == "time" for k in sig_idx[first:]):
        return [], n
    k = sig_idx[first]
    if k > 0 and len(text[lines[k - 1][0]:lines[k - 1][1]].split()) <= 4 \
            and not text[lines[k - 1][0]:lines[k - 1][1]].rstrip().endswith((".", "!", "?")):
        k -= 1
    body_words = sum(len(text[s:e].split()) for s, e, _ in lines[:k])
    if body_words < 20:
        return [], n
    start = lines[k][0] + len(text[lines[k][0]:lines[k][1]]) \
        - len(text[lines[k][0]:lines[k][1]].lstrip())
    return [(start, len(text))], n


def count_comment_signals(text: str, lang: str) -> int:
    """Lines that look like an appended comment thread: markers, timestamps, "@user" lines."""
    return sum(1 for ln in _signal_lines(text, lang) if ln[2])


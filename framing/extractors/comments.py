"""An appended reader-comment thread: where it starts, and the comment-signal lines.

A saved page often ends with its readers' comments, and they are no part of the outlet's voice.
A thread is found from its structure, a run of **entries**, never from one marker:

* an entry's **header** is a line that names a commenter and a time ("Denis Z (denis_z)
  26 November 2022 22: 12", "Name • 3 hours ago"), a timestamp line under a short name line
  ("Jane Doe" / "March 3, 2025 at 10:14 am"), or a presence line ("Denis Z Offline Denis Z");
* **markers** are the widget lines between entries ("Reply", "Reply • Share ›", "Quote: Denis
  Z", "@user", "The comment was deleted.", "12 comments", a sign-in prompt): the language's
  ``features/<lang>/style/comment_markers.txt`` and the English one, matched as whole lines;
* entry numbers ("1", "2.", "1.1", nested replies indented) belong to the entry they open.

Walking back from the last signal, the thread takes in the signal before as long as the text
between them is one comment's: up to ``MAX_ENTRY_WORDS`` words and ``MAX_ENTRY_LINES`` lines
after a header (the comment it heads), or a few short lines after a marker. It is a thread when
it runs to the end of the text, has at least three signals, two entry headers and a widget of
the comment system (a marker or a presence line: timestamps alone, even under names, are a live
blog's updates or embedded social posts), with at least ``MIN_BODY_WORDS`` words of article
before it; everything from its first line (with the
name line and entry number above a header) to the end is comment voice. A page that merely
mentions comments ("the ministry received 4,000 comments", "Comments can be sent until 12 March
at 5 pm.") has no run of entries and is not cut.
"""

from __future__ import annotations

import functools
import re

from ..lexicon import normalise, term_set
from ..resources import term_lists

# English, Russian, Ukrainian and Latvian month names ("26 ноября 2022 22:12")
_MONTH_NAMES = (r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|maij|jūn|jūl"
                r"|янв|фев|мар|апр|ма[яй]|июн|июл|авг|сен|окт|ноя|дек"
                r"|січ|лют|бер|квіт|трав|черв|лип|серп|верес|жовт|листоп|груд)\w*")
_TIME = r"\d{1,2}:[ \t]?\d{2}(?:[ \t]*[ap]\.?m\.?)?"
# a comment's timestamp: date and time, or a time ago ("26 November 2022 22: 12", "March 3,
# 2025 at 10:14 am", "26.11.2022 22:12", "2022-11-26 22:12", "3 hours ago", "10:14 pm")
_STAMP = re.compile(
    r"(?i)(?<!\w)(?:"
    r"\d{1,3}[ \t]+(?:sec|second|min|minute|hr|hour|day|week|month|year)s?[ \t]+ago"
    r"|(?:a|an|one)[ \t]+(?:minute|hour|day|week|month|year)[ \t]+ago"
    r"|\d{1,3}[ \t]+\w+[ \t]+(?:назад|тому)"
    r"|" + _MONTH_NAMES + r"[ \t]+\d{1,2},?[ \t]+\d{4},?[ \t]+(?:at[ \t]+|в[ \t]+|о[ \t]+)?" + _TIME +
    r"|\d{1,2}\.?[ \t]+" + _MONTH_NAMES + r",?[ \t]+\d{4}(?:[ \t]*г\.)?,?[ \t]+"
    r"(?:at[ \t]+|в[ \t]+|о[ \t]+)?" + _TIME +
    r"|\d{1,2}[./]\d{1,2}[./]\d{2,4},?[ \t]+(?:at[ \t]+|в[ \t]+)?" + _TIME +
    r"|\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}"
    r"|\d{1,2}:\d{2}[ \t]*[ap]\.?m\.?"
    r")(?!\w)"
)
_MAYBE_STAMP = re.compile(r"(?i)\d|ago\b|назад|тому")
# "Quote: Denis Z" (a reply quoting another commenter), "Цитата: …", "Citāts: …"
_QUOTE_LINE = re.compile(r"(?i)^(?:quote|цитата|citāts)[ \t]*:[ \t]*\S")
_SPLIT = re.compile(r"[ \t]*[/|·•›»][ \t]*")
_SENTENCE_END = re.compile(r"[.!?…][\"'»”)\]]*$")
_ENTRY_NUMBER = re.compile(r"^[#(]?\d{1,4}(?:\.\d{1,4})*[.):]?$")
# "12 comments", "Comments (4)", "Комментарии [12]": a count of the thread's entries
_COUNT_HEAD = re.compile(r"(?i)^(?:\d[\d,. ]*\s+(\w+)|(\w+)\s*[(\[]\s*\d[\d,. ]*[)\]])$")
_SEPARATORS = " \t•·|–—-,:()[]›»"

# a header is at most 6 words of name, a timestamp and 2 words after it
_HEADER_MAX_CHARS = 160
MAX_ENTRY_WORDS = 400  # one comment's text under its header
MAX_ENTRY_LINES = 12
MARKER_GAP_LINES = 6  # after a marker, the next entry comes within a few short lines
MARKER_GAP_WORDS = 60
MIN_SIGNALS = 3
MIN_HEADERS = 2
MIN_BODY_WORDS = 20  # of article before the thread


@functools.lru_cache(maxsize=None)
def _markers(lang: str) -> tuple[frozenset[str], frozenset[str]]:
    """The comment markers of ``lang`` and of English (widgets are often left in English):
    single words normalised as text words are, and whole lines in lower case."""
    words = term_set(lang, "style", "comment_markers") | term_set("en", "style", "comment_markers")
    lines = frozenset(
        " ".join(t.lower().split()).rstrip(":.!…")
        for code in dict.fromkeys((lang, "en"))
        for tl in term_lists(code, "style") if tl.path.stem == "comment_markers"
        for t in tl.terms
    )
    return words, lines


def _is_marker(body: str, lang: str) -> bool:
    """A widget line: a marker as the whole line, "@user", "Quote: user", "Reply • Share ›",
    "12 comments"."""
    words, lines = _markers(lang)
    low = " ".join(body.lower().split())
    bare = low.rstrip(":.!…")
    if bare in lines or (len(bare.split()) == 1 and normalise(bare, lang) in words):
        return True
    tokens = low.split()
    if len(tokens) <= 3 and body.startswith("@"):
        return True
    if _QUOTE_LINE.match(body) and len(tokens) <= 5:
        return True
    parts = [p for p in _SPLIT.split(low) if p]
    if len(parts) > 1 and all(p in lines or p.split()[0] in words
                              or normalise(p.split()[0], lang) in words for p in parts):
        return True
    if 1 < len(tokens) <= 4 and (tokens[0] in words or normalise(tokens[0], lang) in words) and \
            all(t in words or normalise(t, lang) in words or t in ("from", "to", "by")
                for t in tokens):
        return True
    m = _COUNT_HEAD.match(bare)
    if m:
        word = (m.group(1) or m.group(2)).lower()
        return word in words or normalise(word, lang) in words
    return False


def _presence(body: str, lang: str) -> bool:
    """"Denis Z Offline Denis Z", "Mara77 Online": a name around a one-word status marker."""
    if len(body) > 120:
        return False
    words, _ = _markers(lang)
    tokens = body.split()
    if not 2 <= len(tokens) <= 9 or _SENTENCE_END.search(body):
        return False
    for k, tok in enumerate(tokens):
        low = tok.lower()
        if k and (low in words or normalise(low, lang) in words):
            before, after = tokens[:k], tokens[k + 1:]
            if len(before) <= 4 and (not after or after == before):
                return True
    return False


def _header(body: str) -> str | None:
    """"named" for a line with a timestamp and a short name ("Denis Z (denis_z) 26 November
    2022 22: 12", "Name • 3 hours ago"), "time" for a timestamp alone (or after a label such as
    "Updated:"), None for any other line (a sentence that mentions a time is not a header)."""
    if not _MAYBE_STAMP.search(body):  # no digit, no "ago": no timestamp (most lines)
        return None
    m = _STAMP.search(body)
    if not m:
        return None
    before, after = body[: m.start()], body[m.end():]
    if _SENTENCE_END.search(body) and not body.rstrip().endswith(("ago", "ago.")):
        return None
    if len(after.split()) > 2 or len(before.split()) > 6:
        return None
    name = before.strip(_SEPARATORS)
    if not name or before.rstrip().endswith(":") or name.isdigit():
        return "time"
    return "named"


def _name_line(body: str) -> bool:
    """A short line that can be a commenter's name above a timestamp line."""
    return 0 < len(body.split()) <= 4 and not _SENTENCE_END.search(body) and not _STAMP.search(body)


# (start, end, kind, words) of each non-blank line; kind: "H" an entry header that names
# someone and a time, "P" a presence line ("Name Offline Name"), "T" a header that is a
# timestamp alone, "M" a marker, "N" an entry number, "" text
_HEADERS = ("H", "P", "T")
_SIGNALS = ("H", "P", "T", "M")
_Line = tuple[int, int, str, int]


def _lines(text: str, lang: str) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    prev_body = ""
    for line in text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        body = line.strip()
        if not body:
            continue
        lead = start + len(line) - len(line.lstrip())
        kind = ""
        if len(body) > _HEADER_MAX_CHARS:
            # a paragraph (most lines of an article): no header, marker or entry number; its
            # words counted by their gaps, which is all the walk needs
            out.append((lead, start + len(line), kind, body.count(" ") + 1))
            prev_body = body
            continue
        if _ENTRY_NUMBER.match(body):
            kind = "N"
        elif (h := _header(body)) is not None:
            # a timestamp under a short name line is that name's header
            kind = "H" if h == "named" or _name_line(prev_body) else "T"
        elif len(body) <= 120 and _is_marker(body, lang):
            kind = "M"
        elif _presence(body, lang):
            kind = "P"
        out.append((lead, start + len(line), kind, len(body.split())))
        prev_body = body
    return out


def find_comments(text: str, lang: str) -> tuple[list[tuple[int, int]], int]:
    """The appended reader-comment thread, as one span to the end of the text (or none), and the
    number of comment-signal lines in the whole text (see the module's docstring)."""
    lines = _lines(text, lang)
    sig = [k for k, ln in enumerate(lines) if ln[2] in _SIGNALS]
    n = len(sig)
    if n < MIN_SIGNALS:
        return [], n
    # the thread runs to the end: after its last signal, one comment's text at most
    tail = lines[sig[-1] + 1:]
    if sum(ln[3] for ln in tail) > MAX_ENTRY_WORDS or len(tail) > MAX_ENTRY_LINES:
        return [], n
    # walk back while the text between two signals is one comment's
    i = n - 1
    while i > 0:
        a, b = sig[i - 1], sig[i]
        between = lines[a + 1:b]
        words = sum(ln[3] for ln in between if ln[2] != "N")
        count = sum(1 for ln in between if ln[2] != "N")
        if lines[a][2] in _HEADERS:
            ok = words <= MAX_ENTRY_WORDS and count <= MAX_ENTRY_LINES
        else:
            ok = words <= MARKER_GAP_WORDS and count <= MARKER_GAP_LINES
        if not ok:
            break
        i -= 1
    while i < n:
        run = sig[i:]
        kinds = [lines[k][2] for k in run]
        headers = sum(1 for x in kinds if x in _HEADERS)
        widgets = kinds.count("M") + kinds.count("P")
        # a thread has a widget of its comment system (a marker, a presence line); timestamps
        # alone, even under names, are a live blog's updates or embedded posts
        if len(run) < MIN_SIGNALS or headers < MIN_HEADERS or not widgets:
            return [], n
        k = run[0]
        # the name line above a timestamp header, and the entry number above that
        if lines[k][2] == "H" and k > 0 and lines[k - 1][2] == "" and \
                _name_line(text[lines[k - 1][0]:lines[k - 1][1]].strip()) and \
                _header(text[lines[k][0]:lines[k][1]].strip()) == "time":
            k -= 1
        if k > 0 and lines[k - 1][2] == "N":
            k -= 1
        if sum(ln[3] for ln in lines[:k]) >= MIN_BODY_WORDS:
            return [(lines[k][0], len(text))], n
        i += 1  # a byline or a dateline at the top is not the thread's first entry
    return [], n


def count_comment_signals(text: str, lang: str) -> int:
    """Lines that look like an appended comment thread: entry headers (a name and a time, a
    presence line), timestamps and markers ("Reply", "@user", "12 comments")."""
    return sum(1 for ln in _lines(text, lang) if ln[2] in _SIGNALS)

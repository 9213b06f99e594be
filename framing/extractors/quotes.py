"""Direct quotations: spans inside quote marks, and dash-opened direct speech."""

from __future__ import annotations

import re
from dataclasses import dataclass

_PAIRED = [
    re.compile(r"“([^“”\n]{1,3000})”"),
    re.compile(r"«([^«»]{1,3000})»"),
    re.compile(r"„([^„“”\n]{1,3000})[“”]"),
    re.compile(r"‹([^‹›\n]{1,1000})›"),
    re.compile(r"(?<![\w’'])‘([^‘’\n]{1,600}?)’(?![\w])"),
    re.compile(r"(?<![\w'])'(?=\S)([^'\n]{1,600}?)(?<=\S)'(?![\w])"),
]
_STRAIGHT = re.compile(r'"')
# Russian/Ukrainian/Kazakh direct speech opened by a dash at a paragraph start:
# "— Мы не допустим беспорядков, — сказал министр."
_DASH_SPEECH = re.compile(r"(?m)^[ \t]*[—–][ \t]*(?P<q>[^\n—–]{3,1500}?)[,!?.…]?[ \t]*[—–][ \t]*(?=\w)")


@dataclass
class Quote:
    text: str
    start: int  # offsets of the quoted words (inside the marks) or of the attributed clause
    end: int
    kind: str  # "direct" | "reported"
    speaker: str | None = None
    verb: str | None = None
    anonymous: bool = False
    # set by extractors.voices.classify: "official" | "counter" | None, "deferential" |
    # "distancing" | None, and the last word of the source's name or role (pronouns resolved)
    source_kind: str | None = None
    verb_kind: str | None = None
    source_key: str | None = None

    def as_dict(self) -> dict:
        return {
            "text": self.text,
            "speaker": self.speaker,
            "verb": self.verb,
            "kind": self.kind,
            "anonymous": self.anonymous,
            "source": self.source_kind,
            "verb_kind": self.verb_kind,
            "start": self.start,
            "end": self.end,
        }


def find_direct_quotes(text: str, cyrillic: bool) -> list[tuple[int, int]]:
    """Spans of quoted text (inside the marks), outermost only."""
    spans: list[tuple[int, int]] = []
    for rx in _PAIRED:
        for m in rx.finditer(text):
            spans.append((m.start(1), m.end(1)))
    # straight double quotes: pair them within a paragraph
    for para in re.finditer(r"[^\n]+", text):
        marks = [m.start() for m in _STRAIGHT.finditer(text, para.start(), para.end())]
        for a, b in zip(marks[0::2], marks[1::2]):
            if b - a > 1:
                spans.append((a + 1, b))
        if len(marks) % 2 == 1 and marks[-1] == para.start() + len(text[para.start():para.end()]) - len(text[para.start():para.end()].lstrip()):
            # an opening mark that runs to the end of its paragraph (multi-paragraph quote)
            spans.append((marks[-1] + 1, para.end()))
    if cyrillic:
        for m in _DASH_SPEECH.finditer(text):
            spans.append((m.start("q"), m.end("q")))
    spans.sort(key=lambda s: (s[0], -s[1]))
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and s < out[-1][1]:
            continue  # nested or overlapping: keep the outer one
        if text[s:e].strip():
            out.append((s, e))
    return out


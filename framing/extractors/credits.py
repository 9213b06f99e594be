"""Agency datelines and credits: "ALMATY, Jan 10 (Reuters) -", "(AP) —", "told AFP"."""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from ..lexicon import Tokens, matcher, tokenize
from ..resources import term_list

_DATE = r"(?:[\w.]{3,12}[ \t]+\d{1,2}|\d{1,2}[ \t]+[\w.]{3,12})[,.]?[ \t]*(?:\d{4}[ \t]*)?"
_AGENCY_MARK = r"(?:\((?P<a1>[^()\n]{2,30})\)|/[ \t]*(?P<a2>[^/\n]{2,25}?)[ \t]*/\.?)[ \t]*[-–—]*"
# "ALMATY, Jan 10 (Reuters) -", "WASHINGTON (AP) —", "АЛМАТЫ, 10 января. /ТАСС/." (capitals, date
# optional) or "Pyongyang, September 23 (KCNA) --" (any case, date required)
_DATELINE = re.compile(
    r"(?m)^[ \t]*(?:"
    r"(?P<place>[A-ZА-ЯЁІЇЄҐӘҒҚҢӨҰҮҺ][A-ZА-ЯЁІЇЄҐӘҒҚҢӨҰҮҺ .'’/-]{1,40}[A-ZА-ЯЁІЇЄҐӘҒҚҢӨҰҮҺ.])"
    r"(?:,[ \t]*[\w. ]{1,30}?)?[,.]?[ \t]+(?:" + _DATE + r")?"
    r"|[A-ZА-ЯЁІЇЄҐӘҒҚҢӨҰҮҺ][\w .'’-]{1,40},[ \t]+" + _DATE + r")[,.]?[ \t]*" + _AGENCY_MARK
)
# "(AP) —", "(KCNA) --": a bracketed credit; accepted only for a known agency or an acronym, so
# that "The regimes (North Korea and Iran) - ..." is no credit
_PAREN_CREDIT = re.compile(r"\((?P<a>[A-ZА-ЯЁІЇЄҐӘҒҚҢӨҰҮҺ][\w/&.’' -]{1,25})\)[ \t]*(?:[-–—]{1,2}|:)")
_ACRONYM = re.compile(r"^[A-ZА-ЯЁІЇЄҐӘҒҚҢӨҰҮҺ][A-ZА-ЯЁІЇЄҐӘҒҚҢӨҰҮҺ/&.-]{1,7}$")


@dataclass
class Credit:
    text: str
    agency: str
    kind: str  # "dateline" | "credit"
    start: int
    end: int

    def as_dict(self) -> dict:
        return {"text": self.text, "agency": self.agency, "kind": self.kind,
                "start": self.start, "end": self.end}


@functools.lru_cache(maxsize=None)
def _agency_regex(lang: str) -> tuple[frozenset[str], frozenset[str], re.Pattern] | None:
    """Agency names written as in text (the English list: Latin names used in every language):
    their first words, all names lower-cased, and one regex matching any whole name."""
    tl = term_list("en", "cues", "agencies")
    if not tl:
        return None
    names = set(tl.terms)
    firsts = frozenset(re.split(r"[\s/’'-]", n, maxsplit=1)[0] for n in names)
    alts = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return firsts, frozenset(n.lower() for n in names), re.compile(rf"(?<![\w])(?:{alts})(?![\w])")


_CAP_WORD = re.compile(r"[A-ZА-ЯЁІЇЄҐӘҒҚҢӨҰҮҺ][\w&]*")


def _agency_spans(text: str, toks: Tokens, lang: str) -> list[tuple[int, int]]:
    """Agency names in the text: the English list's names as written (case-sensitive, tried only
    where a capitalised word starts one), and, for other languages, the language's own list
    matched on lemmas ("ТАСС", "РИА Новости", "Укрінформ") where the match is capitalised."""
    spans: list[tuple[int, int]] = []
    got = _agency_regex(lang)
    if got is not None:
        firsts, _, rx = got
        end = -1
        for w in _CAP_WORD.finditer(text):
            if w.start() >= end and w.group() in firsts and (
                    w.start() == 0 or not text[w.start() - 1].isalnum()):
                m = rx.match(text, w.start())
                if m:
                    spans.append((m.start(), m.end()))
                    end = m.end()
    if lang != "en":
        own = matcher(lang, "cues", "agencies")
        if own is not None:
            for m in own.find(toks):
                s, e = toks.starts[m.start_token], toks.ends[m.end_token - 1]
                if text[s].isupper() and not any(a <= s < b for a, b in spans):
                    spans.append((s, e))
    spans.sort()
    return spans


def _known_agency(name: str, lang: str) -> bool:
    got = _agency_regex(lang)
    if got is not None and name.lower() in got[1]:
        return True
    if _ACRONYM.match(name):
        return True
    own = matcher(lang, "cues", "agencies") if lang != "en" else None
    if own is not None:
        toks = tokenize(name, lang)
        found = own.find(toks)
        return bool(found) and found[0].start_token == 0 and found[0].end_token == len(toks)
    return False


# Words right before/after an agency name that make the mention a credit ("told AFP",
# "Reuters reported", "передает Kazinform", "ziņo LETA").
_CREDIT_BEFORE = frozenset(
    "told to tells telling передает передаёт сообщает сообщило сообщил сказал сказала заявил "
    "заявила рассказал рассказала пишет передає повідомляє повідомило розповів розповіла "
    "ziņo ziņoja pastāstīja хабарлайды хабарлады мәлімдеді".split()
)
_CREDIT_AFTER = frozenset(
    "reported reports reporting said says quoted cited сообщает сообщило передает передаёт "
    "повідомляє повідомило ziņo ziņoja хабарлайды".split()
)


# A staff member of the agency: "an AFP correspondent reported", "корреспондент ТАСС" is
# handled by the lemmatised lists; "AFP journalists saw"
_CREDIT_STAFF = frozenset(
    "correspondent correspondents reporter reporters journalist journalists photographer "
    "photographers crew tally count корреспондент корреспондента корреспонденту kореспондент "
    "кореспондента korespondents korespondentam".split()
)
# words between a reporting word and the agency name: "ziņo aģentūra LETA", "сообщает агентство"
_AGENCY_NOUNS = frozenset("aģentūra aģentūras агентство агенция агентства news".split())
_WORD_BEFORE = re.compile(r"(\w+)[,:;]?\s+$")
_WORD_AFTER = re.compile(r"^\s+(\w+)")


def find_credits(text: str, lang: str, toks: Tokens | None = None) -> list[Credit]:
    """Datelines ("ALMATY, Jan 10 (Reuters) -"), bracketed credits ("(AP) —") and agency
    mentions with a reporting word ("told AFP", "Reuters reported", "передает ТАСС")."""
    out: list[Credit] = []
    taken: list[tuple[int, int]] = []  # sorted, non-overlapping

    def free(a: int) -> bool:
        i = bisect.bisect_right(taken, (a, float("inf"))) - 1
        return i < 0 or not (taken[i][0] <= a < taken[i][1])

    def add(c: Credit) -> None:
        out.append(c)
        bisect.insort(taken, (c.start, c.end))

    for m in _DATELINE.finditer(text[:4000]):
        agency = (m.group("a1") or m.group("a2") or "").strip()
        if not agency or len(agency.split()) > 4:
            continue
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        add(Credit(text[s:e], agency, "dateline", s, e))
    for m in _PAREN_CREDIT.finditer(text):
        name = m.group("a").strip()
        if free(m.start()) and _known_agency(name, lang):
            add(Credit(m.group(), name, "credit", m.start(), m.end()))
    if toks is None:
        toks = tokenize(text, lang)
    for a0, a1 in _agency_spans(text, toks, lang):
        if not free(a0):
            continue
        mb = _WORD_BEFORE.search(text, max(0, a0 - 30), a0)
        ma = _WORD_AFTER.match(text[a1 : a1 + 30])
        b = mb.group(1).lower() if mb else ""
        if b in _AGENCY_NOUNS and mb is not None:  # "ziņo aģentūra LETA"
            mb2 = _WORD_BEFORE.search(text, max(0, mb.start(1) - 30), mb.start(1))
            if mb2 is not None and mb2.group(1).lower() in _CREDIT_BEFORE:
                mb, b = mb2, mb2.group(1).lower()
        a = ma.group(1).lower() if ma else ""
        # "… — AFP", "… blackout: AFP" closing its line: a credit line
        line_rest = text[a1 : a1 + 40].split("\n", 1)[0].strip(" .)")
        dash = text[max(0, a0 - 4) : a0].rstrip()[-1:] in ("—", "–", "-", ":") and not line_rest
        possessive = text[a1 : a1 + 2] in ("’s", "'s")
        if a in _CREDIT_STAFF:
            e = a1 + ma.end(1)
            add(Credit(text[a0:e], text[a0:a1], "credit", a0, e))
        elif b in _CREDIT_BEFORE or a in _CREDIT_AFTER or possessive or dash:
            s = mb.start(1) if b in _CREDIT_BEFORE else a0
            e = a1 + ma.end(1) if a in _CREDIT_AFTER else a1
            add(Credit(text[s:e], text[a0:a1], "credit", s, e))
    out.sort(key=lambda c: c.start)
    return out


"""One pass over a document: sentences, tokens, quotes, attribution, voice, loaded terms.

Every feature reads the :class:`Analysis`; none goes back to the raw text. Quote spans,
attributed sentences and the voice of each loaded term all come from the same spans, so
sentiment-by-voice, loaded-terms-by-voice and quote density cannot disagree about what is quoted.

Voice rule: a character is in **quoted** voice when it lies inside a direct quotation or inside a
sentence that carries an attribution (a reporting verb with a speaker, "according to X", an
agency credit such as "told AFP"). Everything else is the outlet's **own** voice.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field

from .language import detect_languages, paragraphs
from .lexicon import Tokens, list_forms, matcher, normalise, term_set, tokenize
from .resources import term_list

# Documents longer than this are analysed on their first MAX_ANALYSIS_CHARS characters (and the
# analysis says so): 300,000 characters is ~50,000 words, far beyond any news article.
MAX_ANALYSIS_CHARS = 300_000

# Languages with cue lists and lexicons under features/<lang>/.
SUPPORTED_LANGUAGES = ("en", "ru", "uk", "lv", "kk")

# --- sentences -----------------------------------------------------------------------------

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


# --- quotes ----------------------------------------------------------------------------------

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

    def as_dict(self) -> dict:
        return {
            "text": self.text,
            "speaker": self.speaker,
            "verb": self.verb,
            "kind": self.kind,
            "anonymous": self.anonymous,
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


# --- credits and datelines -----------------------------------------------------------------

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


# --- reader comments ------------------------------------------------------------------------

_MONTH_NAMES = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*"
_COMMENT_LINE = re.compile(
    r"(?im)^[ \t]*(?:\d{1,3}[.)][ \t]+)?(?:@?[\w.-]{2,30}[ \t]+)?"
    r"(?:\d{1,2}[ \t]+(?:minute|hour|day|week|month|year)s?[ \t]+ago"
    r"|" + _MONTH_NAMES + r"[ \t]+\d{1,2},?[ \t]+\d{4}[ \t]+(?:at[ \t]+)?\d{1,2}:[ \t]?\d{2}"
    # "26 November 2022 22: 12", "26.11.2022 22:12", "2022-11-26 22:12" (a comment's timestamp)
    r"|\d{1,2}[ \t]+" + _MONTH_NAMES + r",?[ \t]+\d{4},?[ \t]+(?:at[ \t]+)?\d{1,2}:[ \t]?\d{2}"
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
    return term_set(lang, "style", "comment_markers") or term_set("en", "style", "comment_markers")


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


# --- the analysis ----------------------------------------------------------------------------


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

    def __post_init__(self) -> None:
        if not self.categories:
            self.categories = [self.category]

    def as_dict(self) -> dict:
        return {"term": self.term, "matched": self.matched, "category": self.category,
                "voice": self.voice, "start": self.start, "end": self.end,
                "categories": list(self.categories)}


@dataclass
class PlaceHit:
    """A place beyond the language's home country (country, nationality, capital, region)."""

    text: str
    start: int
    end: int
    voice: str  # "own" | "quoted"

    def as_dict(self) -> dict:
        return {"text": self.text, "voice": self.voice, "start": self.start, "end": self.end}


@dataclass
class Analysis:
    text: str
    language: str | None
    languages: dict[str, float]
    lang_supported: bool
    truncated: bool
    tokens: Tokens
    sentences: list[tuple[int, int]]
    sentence_voice: list[str]  # "own" | "quoted" | "comment" per sentence (majority of its characters)
    attributed_sentences: list[bool]
    quotes: list[Quote] = field(default_factory=list)
    credits: list[Credit] = field(default_factory=list)
    loaded: list[LoadedHit] = field(default_factory=list)
    quoted_intervals: list[tuple[int, int]] = field(default_factory=list)
    places: list[PlaceHit] = field(default_factory=list)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)  # framing.language.paragraphs
    comment_signals: int = 0
    # appended reader comments (find_comments): a voice of their own, neither the outlet's nor
    # a quoted source's
    comments: list[tuple[int, int]] = field(default_factory=list)

    @property
    def n_words(self) -> int:
        return len(self.tokens)

    def voice_at(self, pos: int) -> str:
        if self.comments and pos >= self.comments[0][0]:
            return "comment"
        iv = self.quoted_intervals
        i = bisect.bisect_right(iv, (pos, float("inf"))) - 1
        return "quoted" if i >= 0 and iv[i][0] <= pos < iv[i][1] else "own"


_PRONOUNS = frozenset(
    "he she they it we i him her them я мы он она они оно ви ви вони він вона воно вони "
    "viņš viņa viņi mēs es ол олар біз мен".split()
)
_MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday "
    "saturday sunday"
).split()
_RELATIVE = frozenset("who which that кто который которая которые який яка які kas kurš kura".split())
_THAT = frozenset("that if whether что чтобы що щоб ka vai ол".split())
_ADDRESSEE_VERBS = frozenset("told tell tells telling asked informed briefed".split())
_OBJECT_PRONOUNS = _PRONOUNS - {"he", "she", "он", "она", "він", "вона"}
_LINKERS = frozenset("the a an of for at in to and 's".split())
# Words between a subject and its reporting verb: auxiliaries, adverbs, "sought to", weekdays
# ("Tokayev has also said", "Norland has sought to frame", "Ozols otrdien paziņoja"). Passive
# auxiliaries (was, were) are left out: "Tokayev was described as" names no speaker.
_SUBJECT_GAP = frozenset(
    "has have had also later earlier previously then again repeatedly publicly recently "
    "already once sought tried attempted moved to would will did does not never "
    "также уже ранее вчера сегодня тоже також вже раніше вчора сьогодні "
    "arī jau vakar šodien iepriekš vēlāk pirmdien otrdien trešdien ceturtdien piektdien "
    "sestdien svētdien".split()
)
# English words after which a reporting-verb form is a noun: "head of state", "the talks",
# "for comment", "his claims"
_NOUN_BEFORE = frozenset(
    "the a an its his her their our my your this these those of for no any some such".split()
)
# Capitalised function words that open sentences and never name a source ("What questions …",
# "Between them …"); pronouns are handled apart
_FUNCTION_WORDS = frozenset(
    "what which how why when where whether this that these those there here as but and so if "
    "while after before during since although though because from with without by yet or nor "
    "now then also however meanwhile instead still even just only many some most all both each "
    "every no not between among under over into onto upon about against such than".split()
)
# English words that may follow a source named after its verb: '", said Tokayev on Monday',
# '", said the minister, who …'; any other lower-case word means the capitalised words were a
# modifier ("called the Russia investigations …")
_AFTER_SOURCE = frozenset(
    "on in at who which and after before during as to of late earlier last this told when while "
    "from for with adding according without".split()
)
_OBJECTS = frozenset("him her them us me его её ее их него неї їх jį viņu viņus".split())
_NAMED_PRONOUNS = frozenset("he she i we я мы он она він вона ми viņš viņa es mēs ол мен біз".split())


def _is_cap(word: str) -> bool:
    return word[:1].isupper()


class _RoleSet:
    """Speaker-role nouns of a language: exact forms, plus wildcard stems (Kazakh lists)."""

    def __init__(self, lang: str):
        tl = term_list(lang, "cues", "speaker_roles")
        terms = tl.terms if tl else ()
        self.exact = frozenset(f for t in terms if " " not in t and "*" not in t
                               for f in list_forms(t, lang))
        self.stems = tuple(t[:-1].lower() for t in terms if t.endswith("*") and " " not in t)

    def __contains__(self, norm: str) -> bool:
        return norm in self.exact or (bool(self.stems) and norm.startswith(self.stems))

    def __bool__(self) -> bool:
        return bool(self.exact or self.stems)


class _Cues:
    """Per-language cue sets, built once."""

    def __init__(self, lang: str):
        self.lang = lang
        self.verbs = term_set(lang, "cues", "reporting_verbs")
        self.roles = _RoleSet(lang)
        self.phrases = matcher(lang, "cues", "attribution_phrases")
        self.anon = matcher(lang, "cues", "anonymous_sources")
        self.loaded = matcher(lang, "loaded")
        self.first = term_set(lang, "style", "first_person")
        self.second = term_set(lang, "style", "second_person")
        self.hedges = matcher(lang, "style", "hedges")
        self.intens = matcher(lang, "style", "intensifiers")
        # neutral attributions ("said", "says", "according to"), as normalised phrases
        tl = term_list(lang, "cues", "neutral_verbs")
        self.neutral = frozenset(
            " ".join(f[pick] for f in (list_forms(w, lang) for w in t.split()))
            for t in (tl.terms if tl else ()) for pick in (0, -1))  # as written; re-lemmatised
        self.time = matcher(lang, "cues", "time_anchors")
        self.places = matcher(lang, "cues", "places")
        # capitalised words that are never a source: weekdays and months ("said on Monday")
        self.not_speakers = frozenset(self.time.start_forms if self.time else ()) | frozenset(
            normalise(m, lang) for m in _MONTHS)
        # English word order: a reporting verb is lower-case ("Secretary of State", "Reply" are
        # nouns) and a source after its verb follows a quote or comma ('", said Tokayev'), never
        # a plain word ("calling for Robert Mueller", "said the Internet would be restored")
        self.english_order = lang == "en"
        # words before a quote that mention the quoted words rather than use them
        self.mention = term_set(lang, "cues", "mention_words")
        self.start_forms = frozenset(self.verbs).union(*(
            m.start_forms for m in (self.phrases, self.anon, self.loaded, self.hedges,
                                    self.intens, self.time, self.places) if m is not None))


@functools.lru_cache(maxsize=None)
def cues(lang: str) -> _Cues:
    return _Cues(lang)


def _verb_ok(text: str, toks: Tokens, i: int, c: _Cues) -> bool:
    """Whether the reporting-verb form at token i is used as a verb: not a possessive noun
    ("state's"), not capitalised in English ("Secretary of State", "Reply", "Talks"), not after a
    determiner or preposition ("head of state", "the talks", "for comment")."""
    low = toks.lower[i]
    if low.endswith(("'s", "’s")):
        return False
    if i > 0 and toks.lower[i - 1].endswith(("'s", "’s")) \
            and not text[toks.ends[i - 1] : toks.starts[i]].strip():
        return False  # "an official's answer", "Bondi's allegations"
    if c.english_order:
        if text[toks.starts[i]].isupper():
            # only opening a sentence and followed by its source: 'Said the minister: "…"'
            prev = text[max(0, toks.starts[i] - 3) : toks.starts[i]].strip()
            if prev and prev[-1] not in ".!?\"“”'‘’":
                return False
            if i + 1 >= len(toks) or not (toks.lower[i + 1] in ("the", "a", "an")
                                          or text[toks.starts[i + 1]].isupper()):
                return False
        if i > 0 and toks.lower[i - 1] in _NOUN_BEFORE \
                and not text[toks.ends[i - 1] : toks.starts[i]].strip():
            return False
    return True


def _speaker(text: str, toks: Tokens, v: int, lo: int, hi: int, c: _Cues,
             first: int = -1) -> str | None:
    """The source noun phrase next to the reporting verb at token v (within [lo, hi)).

    ``first`` is the sentence's first token, where a capitalised word may be a function word.
    """
    def ok(i: int) -> bool:
        if toks.norm[i] in c.not_speakers or toks.lower[i] in _FUNCTION_WORDS:
            return False
        return (_is_cap(text[toks.starts[i] : toks.ends[i]]) or toks.norm[i] in c.roles
                or toks.lower[i] in _PRONOUNS)

    def adj(a: int, b: int) -> bool:  # tokens a < b separated by blanks only (no comma, no mark)
        gap = text[toks.ends[a] : toks.starts[b]]
        if not gap.strip():
            return True
        # "RFE/RL", "AT&T": one name across a slash or ampersand between capitals
        return gap in ("/", "&") and text[toks.starts[a]].isupper() and text[toks.starts[b]].isupper()

    before = None
    # between the subject and the verb: "has also", "sought to", "on Monday", "otrdien"
    i = v - 1
    while i >= lo and v - i <= 4 and adj(i, i + 1) and (
            (toks.lower[i] in _SUBJECT_GAP and (toks.lower[i] != "to" or (
                i - 1 >= lo and toks.lower[i - 1] in _SUBJECT_GAP)))
            or (toks.norm[i] in c.not_speakers and not ok(i))
            # an adverb after a source: "As he bluntly says", "Tokayev repeatedly said"
            or (c.english_order and toks.lower[i].endswith("ly") and not ok(i)
                and toks.norm[i] not in c.roles and i - 1 >= lo and ok(i - 1))
            or (toks.lower[i] in ("on", "last", "this") and toks.norm[i + 1] in c.not_speakers)):
        i -= 1
    last = i
    # before the verb: "Interior Minister Erlan Turgumbayev said", "the ministry said"; the word
    # next to the verb must be part of the source ("CSTO for responding" names no speaker)
    if last >= lo and adj(last, last + 1) and ok(last) and toks.lower[last] not in _OBJECTS:
        i = last
        while i >= lo and adj(i, i + 1) and (
                ok(i) or (toks.lower[i] in _LINKERS and i - 1 >= lo and ok(i - 1))):
            i -= 1
            if last - i > 7:
                break
        s = i + 1
        while s <= last and toks.lower[s] in _LINKERS:
            s += 1
        if s <= last:
            before = (s, last)
            # a lone capitalised word opening the sentence ("Kā ziņo", "As reported") is more
            # likely a function word than a speaker: look after the verb first
            if not (s == first and s == last and last == v - 1 and toks.norm[s] not in c.roles
                    and toks.lower[s] not in _PRONOUNS):
                return text[toks.starts[s] : toks.ends[last]]
    elif before is None and last >= lo:
        # an apposition or relative clause between the source and its verb: "Clare Coghill, the
        # leader of the council, said", "Macron, who said", "Li Jie, deputy manager of X, said"
        app = _apposition_source(text, toks, last, v, lo, ok)
        if app is not None:
            return app
    after = _speaker_after(text, toks, v, hi, c, ok, adj)
    if after is not None:
        return after
    return text[toks.starts[before[0]] : toks.ends[before[1]]] if before else None


def _sentence_subject(text: str, toks: Tokens, lo: int, hi: int, c: _Cues) -> str | None:
    """The name that opens a sentence, after an introductory phrase ("In 2012, Rush Limbaugh
    went on …"): the subject a participle clause hangs on ("…, calling her a “…”")."""
    i = lo
    for k in range(lo, min(hi, lo + 5)):  # "In 2012," "On Monday,"
        if text[toks.ends[k] : toks.starts[k + 1]].strip() == "," if k + 1 < len(toks) else False:
            if toks.lower[lo] in _FUNCTION_WORDS or toks.lower[lo] in _LINKERS:
                i = k + 1
            break
    while i < hi and toks.lower[i] in ("the", "a", "an"):
        i += 1
    j = i
    while j < hi and _is_cap(text[toks.starts[j] : toks.ends[j]]) \
            and toks.lower[j] not in _FUNCTION_WORDS and toks.norm[j] not in c.not_speakers \
            and (j == i or not text[toks.ends[j - 1] : toks.starts[j]].strip()):
        j += 1
    if j == i or j - i > 6 or j >= hi or text[toks.starts[j]].isupper():
        return None
    return text[toks.starts[i] : toks.ends[j - 1]]


def _phrase_source(text: str, toks: Tokens, j: int, hi: int, c: _Cues) -> str | None:
    """The source right after an attribution phrase, up to the next mark: "according to data
    from the Institute for Supply Management", "по словам министра"; none unless it has a
    name or a role ("according to the plan" names nobody)."""
    k = j
    while k < hi and k - j < 10 and (k == j or not text[toks.ends[k - 1] : toks.starts[k]].strip()):
        if toks.lower[k] in _THAT:
            break
        k += 1
    if k == j:
        return None
    if not any(_is_cap(text[toks.starts[i] : toks.ends[i]]) or toks.norm[i] in c.roles
               for i in range(j, k)):
        return None
    return text[toks.starts[j] : toks.ends[k - 1]]


def _apposition_source(text: str, toks: Tokens, last: int, v: int, lo: int, ok) -> str | None:
    """The name before a comma-enclosed apposition or a ", who" clause that ends at the verb."""
    def gap(a: int) -> str:  # text between token a and token a + 1
        return text[toks.ends[a] : toks.starts[a + 1]]

    low_v = toks.lower[v]
    if toks.lower[last] in _RELATIVE and last == v - 1 and last - 1 >= lo \
            and gap(last - 1).strip() == "," and (low_v.endswith("ed") or low_v in ("said", "told")):
        end = last - 1
    elif "," in gap(last) and gap(last).strip() == ",":
        end = None
        for k in range(last - 1, max(lo, last - 14) - 1, -1):
            g = gap(k).strip()
            if g == ",":
                end = k
                break
            if g:  # any other mark: not a simple apposition
                return None
        if end is None or toks.lower[end + 1] in _FUNCTION_WORDS:
            return None
    else:
        return None
    if not ok(end) or not _is_cap(text[toks.starts[end] : toks.ends[end]]):
        return None
    s = end
    while s - 1 >= lo and not gap(s - 1).strip() and ok(s - 1) and end - s < 5:
        s -= 1
    return text[toks.starts[s] : toks.ends[end]]


def _speaker_after(text: str, toks: Tokens, v: int, hi: int, c: _Cues, ok, adj) -> str | None:
    """After the verb: "said Tokayev", "said the ministry's spokesman", "сообщает пресс-служба",
    "повідомляє міжнародне агентство Northwire" (up to two lower-case modifiers before the head).
    Not "told him", "say it", nor the listener of "told Reuters"."""
    if toks.lower[v] in _ADDRESSEE_VERBS or v + 1 >= hi:
        return None
    if c.english_order and toks.lower[v].endswith("ing"):
        return None  # "…, saying Westminster has been": the clause's subject, not a source
    if c.english_order and v > 0:
        gap = text[toks.ends[v - 1] : toks.starts[v]]
        if not any(ch in ",:;.!?\"“”‘’'—–(\n" for ch in gap):
            return None
    if toks.lower[v + 1] in _THAT:
        return None
    j = v + 1
    if toks.lower[j] in _OBJECT_PRONOUNS:
        return None
    skipped = 0
    if not adj(v, j):
        return None
    while j < hi and not ok(j) and skipped < 2 and toks.lower[j] not in _THAT and adj(j - 1, j):
        j += 1
        skipped += 1
    if j >= hi or not ok(j) or toks.lower[j] in _OBJECT_PRONOUNS or not adj(j - 1, j):
        return None
    def bridge(k: int) -> bool:
        # a lower-case word inside the source phrase: "the" in "said the minister"; in languages
        # whose modifiers follow the head, up to two of them before a name or role ("министр
        # внутренних дел Ерлан Сапаров")
        if toks.lower[k] in _LINKERS:
            return k + 1 < hi and ok(k + 1)
        if c.lang == "en" or toks.lower[k] in _THAT:
            return False
        return any(k + d < hi and adj(k + d - 1, k + d) and ok(k + d) for d in (1, 2))

    while j < hi and adj(j - 1, j) and (ok(j) or bridge(j)):
        j += 1
        if j - v > 9:
            break
    if c.english_order and j < len(toks) and adj(j - 1, j) \
            and not _is_cap(text[toks.starts[j] : toks.ends[j]]) and toks.lower[j] not in _AFTER_SOURCE:
        return None
    return text[toks.starts[v + 1] : toks.ends[j - 1]]


def _is_named(speaker: str, c: _Cues, lang: str, sentence_initial: bool = False) -> bool:
    """A speaker with a proper name ("Tokayev", "the Interior Ministry") or a pronoun that
    refers back to one; "officials", "sources", "Local police" are unnamed. A capital that only
    opens the sentence names nobody when the phrase ends in a role noun ("Local police")."""
    words = speaker.split()
    low = [w.lower().strip(",.") for w in words]
    if any(w in _NAMED_PRONOUNS for w in low):
        return True
    head_is_role = bool(low) and normalise(low[-1], lang) in c.roles
    for k, (w, lw) in enumerate(zip(words, low)):
        if k == 0 and sentence_initial and head_is_role:
            continue
        if _is_cap(w) and normalise(lw, lang) not in c.roles and lw not in _LINKERS:
            return True
    return False


def _tok_range(toks: Tokens, start: int, end: int) -> tuple[int, int]:
    return bisect.bisect_left(toks.starts, start), bisect.bisect_left(toks.starts, end)


def analyse(text: str, *, language: str | None = None) -> Analysis:
    """Analyse one document. ``language`` forces the language instead of detecting it."""
    truncated = len(text) > MAX_ANALYSIS_CHARS
    if truncated:
        text = text[:MAX_ANALYSIS_CHARS]
    paras = paragraphs(text)
    if language:
        lang, shares = language, {language: 1.0}
    else:
        lang, shares, _ = detect_languages(text, paras)
    supported = lang in SUPPORTED_LANGUAGES
    cue_lang = lang if supported else "en"
    c = cues(cue_lang)
    toks = tokenize(text, cue_lang)
    toks.index(c.start_forms.intersection(toks.counts))  # one pass serves every matcher
    sents = split_sentences(text)
    cyr = cue_lang in ("ru", "uk", "kk")
    comments, n_signals = find_comments(text, cue_lang)
    comment_start = comments[0][0] if comments else len(text) + 1
    qspans = [q for q in find_direct_quotes(text, cyr) if q[0] < comment_start]

    n_sent = len(sents)
    sent_starts = [s for s, _ in sents]
    attributed = [False] * n_sent
    quotes: list[Quote] = []

    def sent_of(pos: int) -> int:
        return max(0, bisect.bisect_right(sent_starts, pos) - 1)

    # loaded terms first: a reporting verb inside one ("так называемые", "so-called") is no verb
    loaded_matches = c.loaded.find(toks) if c.loaded else []
    in_term = bytearray(len(toks))
    for m in loaded_matches:
        if m.end_token - m.start_token > 1:  # "так называемые"; a one-word term ("slammed") may be the verb
            for k in range(m.start_token, m.end_token):
                in_term[k] = 1

    def find_verb(lo: int, hi: int, from_end: bool) -> int | None:
        rng = range(hi - 1, lo - 1, -1) if from_end else range(lo, hi)
        for i in rng:
            if (toks.norm[i] in c.verbs or toks.lower[i] in c.verbs) and not in_term[i] \
                    and _verb_ok(text, toks, i, c):
                return i
        return None

    # direct quotes and their speakers
    in_quote_tok = bytearray(len(toks))
    for qs, qe in qspans:
        si = sent_of(qs)
        ss, se = sents[si] if sents else (0, len(text))
        se = max(se, qe)
        t_lo, t_hi = _tok_range(toks, ss, se)
        q_lo, q_hi = _tok_range(toks, qs, qe)
        for k in range(q_lo, q_hi):
            in_quote_tok[k] = 1
        speaker = verb = None
        # after the closing mark: to the end of the sentence where the quote ends, or of the
        # next one when the quote ends its sentence (a quote may run over several sentences)
        ei = sent_of(max(qs, qe - 1))
        end_hi = max(t_hi, _tok_range(toks, *sents[ei])[1]) if sents else t_hi
        # the next sentence counts only when the quote closes its sentence, and only its first
        # three tokens: '"… in control." Tokayev said.'
        next_hi = end_hi
        if ei + 1 < n_sent and q_hi >= end_hi - 1:
            next_hi = min(_tok_range(toks, *sents[ei + 1])[1], end_hi + 3)
        after_hi = min(max(end_hi, next_hi), q_hi + 8)

        def search_after():
            va = find_verb(q_hi, after_hi, from_end=False)
            return (va, _speaker(text, toks, va, q_hi, min(max(end_hi, next_hi), q_hi + 12), c)) \
                if va is not None else (None, None)

        def search_before():
            # 'Tokayev said: "…"', 'said X: "…"', or "X said:" closing the previous sentence
            vb = find_verb(max(t_lo, q_lo - 12), q_lo, from_end=True)
            if vb is None and si > 0 and text[sents[si - 1][1] - 1 : sents[si - 1][1]] == ":":
                p_lo, p_hi = _tok_range(toks, *sents[si - 1])
                vb = find_verb(max(p_lo, p_hi - 12), p_hi, from_end=True)
            return (vb, _speaker(text, toks, vb, max(0, vb - 8), q_lo, c)) \
                if vb is not None else (None, None)

        def main_clause(v, speaker):
            # "Nurse has blasted the government, saying …": a participle's source is the subject
            # of the clause it hangs on
            if speaker is None and v is not None and c.english_order \
                    and toks.lower[v].endswith("ing") and v > t_lo \
                    and text[toks.ends[v - 1] : toks.starts[v]].strip() == ",":
                u = find_verb(t_lo, v, from_end=True)
                sp = _speaker(text, toks, u, t_lo, v, c, first=t_lo) if u is not None else None
                if sp is None:
                    sp = _sentence_subject(text, toks, t_lo, v, c)
                if sp is not None:
                    return v, sp
            return v, speaker

        colon_before = text[max(0, qs - 4) : qs].rstrip(" \t\"'“„«‘‚").endswith(":")
        order = (search_before, search_after) if colon_before else (search_after, search_before)
        v = None
        for search in order:
            v, speaker = main_clause(*search())
            if speaker is not None:
                break
        if speaker is not None and v is not None:
            verb = text[toks.starts[v] : toks.ends[v]]
            for k in range(si, ei + 1):  # every sentence the quote spans is attributed speech
                attributed[k] = True
        anon = speaker is not None and not _is_named(
            speaker, c, cue_lang, sentence_initial=text.find(speaker, ss, qs) == ss)
        quotes.append(Quote(text[qs:qe], qs, qe, "direct", speaker, verb, anon))

    # a quotation that goes on after its attributed first part, in the same paragraph:
    # '"We hope …," Netanyahu told Le Figaro. "We salute …"' (four words or more: not a scare quote)
    prev: Quote | None = None
    for q in quotes:
        if q.speaker is None and prev is not None and prev.speaker is not None \
                and len(q.text.split()) > 3 and q.start - prev.end < 250 \
                and "\n" not in text[prev.end : q.start]:
            q.speaker, q.anonymous = prev.speaker, prev.anonymous
            for k in range(sent_of(q.start), sent_of(max(q.start, q.end - 1)) + 1):
                attributed[k] = True
        if q.speaker is not None or len(q.text.split()) > 3:
            prev = q

    # reported speech and attribution phrases, sentence by sentence
    phrase_hits = c.phrases.find(toks) if c.phrases else []
    anon_hits = c.anon.find(toks) if c.anon else []
    phrase_sents: dict[int, str] = {}
    phrase_end: dict[int, int] = {}  # token after the phrase ("according to | the ministry")
    for m in phrase_hits:
        k = sent_of(toks.starts[m.start_token])
        if k not in phrase_sents:
            phrase_sents[k] = m.term
            phrase_end[k] = m.end_token
    anon_text: dict[int, str] = {}
    anon_end: dict[int, int] = {}  # token after the anonymity phrase
    for m in anon_hits:
        k = sent_of(toks.starts[m.start_token])
        if k not in anon_text:
            b = m.start_token
            # "a diplomat who asked not to be named": the source is the noun before "who"
            if toks.lower[b] in _RELATIVE:
                while b > m.start_token - 3 and b > 0 and toks.starts[b - 1] >= sents[k][0] \
                        and not text[toks.ends[b - 1] : toks.starts[b]].strip():
                    b -= 1
                    if toks.norm[b] in c.roles or _is_cap(text[toks.starts[b]:toks.ends[b]]):
                        break
            anon_text[k] = text[toks.starts[b] : toks.ends[m.end_token - 1]]
            anon_end[k] = m.end_token
    anon_sents = set(anon_text)
    credits = [cr for cr in find_credits(text, cue_lang, toks) if cr.start < comment_start]
    credit_sents = {sent_of(cr.start) for cr in credits if cr.kind == "credit"}
    # reporting-verb positions, found through the form index (no scan of every token)
    verb_pos = toks.positions(c.verbs.intersection(toks.counts))
    verbs_by_sent: dict[int, list[int]] = {}
    for i in verb_pos:
        if not in_quote_tok[i] and not in_term[i] and _verb_ok(text, toks, i, c):
            verbs_by_sent.setdefault(sent_of(toks.starts[i]), []).append(i)
    for si, (ss, se) in enumerate(sents):
        if attributed[si] or ss >= comment_start:
            continue
        speaker = verb = None
        sp_start = -1
        vs = verbs_by_sent.get(si)
        if vs:
            t_lo, t_hi = _tok_range(toks, ss, se)
            for i in vs:
                sp = _speaker(text, toks, i, t_lo, t_hi, c, first=t_lo)
                if sp:
                    speaker, verb = sp, text[toks.starts[i] : toks.ends[i]]
                    sp_start = text.find(sp, ss, se)
                    break
        if speaker is None and si in anon_sents and (vs or si in phrase_sents):
            # "An official who declined to be named said ...": the anonymity phrase is the source
            speaker = anon_text[si]
            after = [i for i in (vs or ()) if i >= anon_end[si]]
            if after or vs:
                i = (after or vs)[0]
                verb = text[toks.starts[i] : toks.ends[i]]
        if speaker is None and verb is None and si in phrase_sents:
            verb = phrase_sents[si]
            speaker = _phrase_source(text, toks, phrase_end[si], _tok_range(toks, ss, se)[1], c)
            if speaker is not None:
                sp_start = text.find(speaker, ss, se)
        if speaker is None and verb is None and si not in credit_sents:
            continue
        attributed[si] = True
        anon = si in anon_sents or (speaker is not None and not _is_named(
            speaker, c, cue_lang, sentence_initial=sp_start == ss))
        quotes.append(Quote(text[ss:se], ss, se, "reported", speaker, verb, anon))
    quotes.sort(key=lambda q: q.start)

    # quoted-voice intervals: direct quotes plus attributed sentences
    # (an unattributed quote of four words or more is still someone else's words; shorter
    # unattributed ones are scare quotes, below)
    iv = sorted([(q.start, q.end) for q in quotes
                 if q.kind == "direct" and (q.speaker is not None or len(q.text.split()) > 3)]
                + [sents[i] for i in range(n_sent) if attributed[i]])
    merged: list[tuple[int, int]] = []
    for s, e in iv:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))

    an = Analysis(text=text, language=lang, languages=shares, lang_supported=supported,
                  truncated=truncated, tokens=toks, sentences=sents,
                  sentence_voice=[], attributed_sentences=attributed, quotes=quotes,
                  credits=credits, quoted_intervals=merged, comments=comments,
                  comment_signals=n_signals)
    # unattributed short quotes are scare quotes: the outlet distancing itself in its own voice
    for q in _scare_quotes(text, quotes, c, an.voice_at):
        an.loaded.append(LoadedHit(q.text, q.text, "scare_quotes", "own", q.start, q.end))
    for m in loaded_matches:
        s, e = toks.starts[m.start_token], toks.ends[m.end_token - 1]
        an.loaded.append(LoadedHit(m.term, text[s:e], m.category, an.voice_at(s), s, e))
    an.loaded = _one_hit_per_span(text, an.loaded)
    an.sentence_voice = [
        "comment" if s >= comment_start else
        "quoted" if attributed[i] or _quoted_share(merged, s, e) > 0.5 else "own"
        for i, (s, e) in enumerate(sents)
    ]
    an.paragraphs = paras
    if c.places is not None:
        an.places = _places(text, toks, c.places, cue_lang, an.voice_at)
    return an


_MENTION_BEFORE = re.compile(r"(\w+(?:-\w+)*)\W{0,3}$")  # "so-called" is one word, not "called"


def _scare_quotes(text: str, quotes: list[Quote], c: _Cues, voice_at) -> list[Quote]:
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
        if not t or not t[0].islower() or seen[t.strip(" ,.?!;:").lower()] > 1:
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


def _quoted_share(iv: list[tuple[int, int]], s: int, e: int) -> float:
    if e <= s or not iv:
        return 0.0
    i = max(0, bisect.bisect_right(iv, (s, float("inf"))) - 1)
    covered = 0
    while i < len(iv) and iv[i][0] < e:
        a, b = max(iv[i][0], s), min(iv[i][1], e)
        if b > a:
            covered += b - a
        i += 1
    return covered / (e - s)

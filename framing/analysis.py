"""One pass over a document: sentences, tokens, quotes, attribution, voice, loaded terms.

Every feature reads the :class:`Analysis`; none goes back to the raw text. Quote spans,
attributed sentences and the voice of each loaded term all come from the same spans, so
sentiment-by-voice, loaded-terms-by-voice and quote density cannot disagree about what is quoted.

Voice rule: a character is in **quoted** voice when it lies inside a direct quotation or inside a
sentence that carries an attribution (a reporting verb with a speaker, "according to X", an
agency credit such as "told AFP"), and **comment** voice inside an appended reader-comment
thread. Everything else is the outlet's **own** voice.

The document is segmented once (:mod:`framing.segment`), read with its language's profile
(:mod:`framing.profile`), and each kind of evidence comes from its own extractor
(:mod:`framing.extractors`); :func:`analyse` assembles them once into a frozen :class:`Analysis`.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from .extractors.attribution import attribute
from .extractors.comments import count_comment_signals, find_comments
from .extractors.credits import Credit, find_credits
from .extractors.loaded import LoadedHit, lexicon_matches, loaded_hits
from .extractors.places import PlaceHit, find_places
from .extractors.quotes import Quote, find_direct_quotes
from .extractors.voices import classify as classify_voices, honorifics as find_honorifics
from .language import detect_languages
from .lexicon import Tokens, tokenize
from .profile import SUPPORTED_LANGUAGES, LanguageProfile, profile
from .segment import paragraphs, repeated_copies, split_sentences

__all__ = [
    "MAX_ANALYSIS_CHARS", "SUPPORTED_LANGUAGES", "Analysis", "Credit", "LanguageProfile",
    "LoadedHit", "PlaceHit", "Quote", "Voice", "analyse", "count_comment_signals", "cues",
    "find_comments", "find_credits", "find_direct_quotes", "profile", "split_sentences",
]

# Documents longer than this are analysed on their first MAX_ANALYSIS_CHARS characters (and the
# analysis says so): 300,000 characters is ~50,000 words, far beyond any news article.
MAX_ANALYSIS_CHARS = 300_000

cues = profile  # the name features.Context and older code use


@dataclass(frozen=True)
class Voice:
    """Whose words a character is in: "quoted" inside a quotation or an attributed sentence,
    "comment" inside an appended comment thread, else the outlet's "own"."""

    quoted_intervals: tuple[tuple[int, int], ...]  # sorted, merged
    comment_start: int  # len(text) + 1 without comments

    def at(self, pos: int) -> str:
        if pos >= self.comment_start:
            return "comment"
        iv = self.quoted_intervals
        i = bisect.bisect_right(iv, (pos, float("inf"))) - 1
        return "quoted" if i >= 0 and iv[i][0] <= pos < iv[i][1] else "own"


@dataclass(frozen=True)
class Analysis:
    """Everything one document's features and evidence read, built once by :func:`analyse`."""

    text: str
    language: str | None
    languages: dict[str, float]
    lang_supported: bool
    truncated: bool
    tokens: Tokens
    sentences: list[tuple[int, int]]
    # "own" | "quoted" | "comment" per sentence (majority of its characters)
    sentence_voice: list[str]
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
    # honorifics and title-chain links in the outlet's own voice (extractors.voices)
    honorifics: list[tuple[int, int, str]] = field(default_factory=list)
    voice: Voice | None = None  # built by analyse(); voice_at() builds one when it is missing

    @property
    def n_words(self) -> int:
        return len(self.tokens)

    def voice_at(self, pos: int) -> str:
        if self.voice is not None:
            return self.voice.at(pos)
        start = self.comments[0][0] if self.comments else len(self.text) + 1
        return Voice(tuple(self.quoted_intervals), start).at(pos)


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
    c = profile(lang if supported else "en")
    # segmentation, once
    toks = tokenize(text, c.lang)
    toks.index(c.start_forms.intersection(toks.forms))  # one pass serves every matcher
    sents = split_sentences(text)
    # the extractors
    comments, n_signals = find_comments(text, c.lang)
    comment_start = comments[0][0] if comments else len(text) + 1
    qspans = [q for q in find_direct_quotes(text, c.dash_speech) if q[0] < comment_start]
    credits = [cr for cr in find_credits(text, c.lang, toks) if cr.start < comment_start]
    matches = lexicon_matches(toks, c)
    att = attribute(text, toks, sents, qspans, credits, c, matches, comment_start)
    quotes, attributed = att.quotes, att.attributed
    classify_voices(quotes, c)  # each source official / counter voice, each verb's kind
    # voice: direct quotes plus attributed sentences (an unattributed quote of four words or
    # more is still someone else's words; shorter unattributed ones are scare quotes)
    iv = sorted([(q.start, q.end) for q in quotes
                 if q.kind == "direct" and (q.speaker is not None or len(q.text.split()) > 3)]
                + [sents[i] for i in range(len(sents)) if attributed[i]])
    merged: list[tuple[int, int]] = []
    for s, e in iv:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    voice = Voice(tuple(merged), comment_start)
    # a sentence repeated verbatim is page furniture or a re-post: its loaded terms count once
    loaded = loaded_hits(text, toks, matches, quotes, c, voice.at,
                         repeated_copies(text, sents) if matches else ())
    places = find_places(text, toks, c, voice.at) if c.places is not None else []
    honors = find_honorifics(toks, c, voice.at)
    sentence_voice = [
        "comment" if s >= comment_start else
        "quoted" if attributed[i] or _quoted_share(merged, s, e) > 0.5 else "own"
        for i, (s, e) in enumerate(sents)
    ]
    return Analysis(text=text, language=lang, languages=shares, lang_supported=supported,
                    truncated=truncated, tokens=toks, sentences=sents,
                    sentence_voice=sentence_voice, attributed_sentences=attributed,
                    quotes=quotes, credits=credits, loaded=loaded, quoted_intervals=merged,
                    places=places, paragraphs=paras, comment_signals=n_signals,
                    comments=comments, honorifics=honors, voice=voice)


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


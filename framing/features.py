"""The feature registry: every feature defined once, with its meaning, range and direction.

Names, vectors, the feature table of docs/evidence.md and the model's schema all come from ``REGISTRY``.
Each feature reads the :class:`~framing.analysis.Analysis` (through a :class:`Context` of counts
computed once); none reads the raw text again.

Missing values: a feature that is not defined for a document's language (VADER sentiment and
English readability on Russian text, for instance) is ``nan`` — "not measured", never 0.
``empty`` is the value on an empty text.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Callable

import numpy as np

from .analysis import Analysis
from .language import PARAGRAPH_MIN_WORDS
from .lexicon import normalise
from .profile import profile

NAN = float("nan")
LOADED_CATEGORIES = (
    "terror_violence",
    "delegitimising",
    "conspiracy_blame",
    "dehumanising_insult",
    "loaded_language",
    "scare_labels",
    "scare_quotes",
    "glorification",
)
STRONG = 0.5  # |VADER compound| at or above which a sentence counts as strongly negative/positive
# candidate all-capitals words: 3+ letters with no lower-case Latin or Cyrillic letter
_CAPS = re.compile(r"(?<![\w])[^\W\d_a-zß-ÿа-яёіїєґāčēģīķļņšūž]{3,}(?![\w])")
MATTR_WINDOW = 50  # moving-average type-token ratio window (Covington & McFall 2010)


@dataclass(frozen=True)
class Feature:
    name: str
    group: str
    description: str
    range: str
    direction: str  # which class a high value is expected to point to (the design hypothesis;
    # the model card lists what the trained model actually weighs)
    empty: float  # value on an empty text
    fn: Callable[["Context"], float]
    languages: str = "all"  # "all", or "en" (defined for English only; nan elsewhere)
    title: str = ""  # plain-words title for readers (the report); see TITLES
    log_scaled: bool = False  # heavy-tailed (counts, densities): a model reads it as log1p
    # measures structure, not English words or lists that differ by language, so a model for
    # other languages may use it (framing-xx); see CROSS_LINGUAL
    cross_lingual: bool = True


class Context:
    """Counts computed once per document, read by the feature functions."""

    def __init__(self, an: Analysis):
        self.an = an
        self.n_words = len(an.tokens)
        self.n_sent = len(an.sentences)
        self.en = an.language == "en"
        self.lang = an.language if an.lang_supported else "en"
        c = profile(self.lang)
        self.direct = [q for q in an.quotes if q.kind == "direct"]
        self.reported = [q for q in an.quotes if q.kind == "reported"]
        self.attributed = [q for q in an.quotes if q.speaker is not None or q.kind == "reported"]
        self.named = sum(1 for q in self.attributed if not q.anonymous)
        self.anonymous = sum(1 for q in self.attributed if q.anonymous)
        self.own = [h for h in an.loaded if h.voice == "own"]
        self.quoted = [h for h in an.loaded if h.voice == "quoted"]
        self.own_by_cat: dict[str, int] = {}
        for h in self.own:
            self.own_by_cat[h.category] = self.own_by_cat.get(h.category, 0) + 1
        toks = an.tokens
        counts = toks.counts  # normalised form -> occurrences
        self.first = sum(counts[w] for w in c.first.intersection(toks.forms)) if c.first else 0
        self.second = sum(counts[w] for w in c.second.intersection(toks.forms)) if c.second else 0
        self.hedges = len(c.hedges.find(toks)) if c.hedges else 0
        self.intens = len(c.intens.find(toks)) if c.intens else 0
        text = an.text
        self.allcaps = sum(1 for w in _CAPS.findall(text) if w.isupper())
        tails = [text[max(s, e - 3):e] for s, e in an.sentences]
        self.questions = sum(1 for t in tails if "?" in t)
        self.exclaims = sum(1 for t in tails if "!" in t)
        self.numbers = sum(n for w, n in counts.items() if w[:1].isdigit())
        verbs = [" ".join(normalise(w, self.lang) for w in q.verb.lower().split())
                 for q in self.attributed if q.verb]
        self.verbs = len(verbs)
        self.neutral_verbs = sum(1 for v in verbs if v in c.neutral)
        self.dated = 0
        if c.time:
            starts = [sp[0] for sp in an.sentences]
            dated_sents = {bisect.bisect_right(starts, toks.starts[m.start_token]) - 1
                           for m in c.time.find(toks)}
            self.dated = sum(1 for i in dated_sents if i >= 0 and an.attributed_sentences[i])
        self.places_own = sum(1 for p in an.places if p.voice == "own")
        # whose voices (extractors.voices): measured where the language has the lists
        self.voice_lists = c.official_sources is not None and c.counter_voices is not None
        self.verb_lists = c.deferential is not None and c.distancing is not None
        self.official_src = sum(1 for q in self.attributed if q.source_kind == "official")
        self.counter_src = sum(1 for q in self.attributed if q.source_kind == "counter")
        keys = [q.source_key for q in self.attributed if q.source_key]
        self.keyed = len(keys)
        self.top_source = max(Counter(keys).values()) if keys else 0
        self.deferential = sum(1 for q in self.attributed if q.verb and q.verb_kind == "deferential")
        self.distancing = sum(1 for q in self.attributed if q.verb and q.verb_kind == "distancing")
        self.honorific_lists = c.honorifics is not None
        self._sent: list[float] | None = None
        self._read: dict[str, float] | None = None

    def per100(self, n: float) -> float:
        return 100.0 * n / self.n_words if self.n_words else 0.0

    def share(self, a: float, b: float) -> float:
        return a / b if b else NAN

    # sentiment per sentence, English only
    @property
    def sentiments(self) -> list[float]:
        if self._sent is None:
            from .sentiment import get_scorer

            score = get_scorer().compound
            t = self.an.text
            self._sent = [score(t[s:e]) for s, e in self.an.sentences]
        return self._sent

    def sentiment_by_voice(self, voice: str) -> list[float]:
        return [v for v, vo in zip(self.sentiments, self.an.sentence_voice) if vo == voice]

    @property
    def readability(self) -> dict[str, float]:
        if self._read is None:
            from .readability import readability

            self._read = readability(self.an)
        return self._read


def _mean(xs: list[float]) -> float:
    return sum(xs) / len(xs) if xs else NAN


def _std(xs: list[float]) -> float:
    if len(xs) < 2:
        return NAN if not xs else 0.0
    m = sum(xs) / len(xs)
    return math.sqrt(sum((x - m) ** 2 for x in xs) / (len(xs) - 1))


def _mean_paragraph_words(c: "Context") -> float:
    """Mean words per body paragraph: paragraphs of more than PARAGRAPH_MIN_WORDS words (shorter
    ones are captions, bylines, share buttons); nan with fewer than two (no layout to read)."""
    spans = c.an.paragraphs
    if len(spans) < 2:
        return NAN
    starts = c.an.tokens.starts
    counts = (bisect.bisect_left(starts, e) - bisect.bisect_left(starts, s) for s, e in spans)
    body = [n for n in counts if n > PARAGRAPH_MIN_WORDS]
    return sum(body) / len(body) if len(body) >= 2 else NAN


def _mattr(words: list[str], window: int = MATTR_WINDOW) -> float:
    """Moving-average type-token ratio: the mean, over every window of ``window`` consecutive
    words, of its distinct words / ``window``.

    Counted without sliding a window: word i adds one distinct word to window j (which starts at
    j) when j <= i < j + window and the word's previous occurrence is before j; so it adds to
    the windows j in [max(prev + 1, i - window + 1), min(i, n - window)]. The sum of those counts
    is the sum of every window's distinct words, an integer, as a sliding count would give it.
    """
    n = len(words)
    if n == 0:
        return 0.0
    if n <= window:
        return len(set(words)) / n
    ids = {w: k for k, w in enumerate(dict.fromkeys(words))}
    codes = np.fromiter(map(ids.__getitem__, words), dtype=np.int64, count=n)
    order = np.argsort(codes, kind="stable")  # by word, then position
    prev = np.full(n, -1, dtype=np.int64)
    same = codes[order[1:]] == codes[order[:-1]]
    prev[order[1:][same]] = order[:-1][same]
    pos = np.arange(n, dtype=np.int64)
    lo = np.maximum(prev + 1, pos - window + 1)
    hi = np.minimum(pos, n - window)
    acc = int(np.maximum(hi - lo + 1, 0).sum())
    return acc / ((n - window + 1) * window)


_F = Feature
REGISTRY: tuple[Feature, ...] = (
    # --- attribution and quotes
    _F("quote_direct_per_100w", "attribution", "direct quotations (any quote marks) per 100 words",
       "0..", "wire/state", 0.0, lambda c: c.per100(len(c.direct))),
    _F("quote_attributed_share", "attribution",
       "share of direct quotations that have a speaker and a reporting verb; nan without quotes",
       "0..1", "wire", NAN, lambda c: c.share(sum(q.speaker is not None for q in c.direct), len(c.direct))),
    _F("reported_speech_per_100w", "attribution",
       "reported-speech attributions without quote marks (\"officials said\", \"according to\") per 100 words",
       "0..", "wire", 0.0, lambda c: c.per100(len(c.reported))),
    _F("attribution_per_100w", "attribution",
       "attributions of any kind (attributed quotes + reported speech) per 100 words",
       "0..", "wire", 0.0, lambda c: c.per100(len(c.attributed))),
    _F("attribution_per_sentence", "attribution", "attributions per sentence",
       "0..", "wire", 0.0, lambda c: len(c.attributed) / c.n_sent if c.n_sent else 0.0),
    _F("attributed_sentence_share", "attribution", "share of sentences that carry an attribution",
       "0..1", "wire", 0.0,
       lambda c: sum(c.an.attributed_sentences) / c.n_sent if c.n_sent else 0.0),
    _F("quoted_voice_char_share", "attribution",
       "share of characters in quoted voice (inside quotes or attributed sentences)",
       "0..1", "wire", 0.0,
       lambda c: sum(e - s for s, e in c.an.quoted_intervals) / len(c.an.text) if c.an.text else 0.0),
    _F("named_source_per_100w", "attribution", "attributions to a named speaker per 100 words",
       "0..", "wire", 0.0, lambda c: c.per100(c.named)),
    _F("anonymous_source_per_100w", "attribution",
       "attributions to an unnamed source (\"sources said\", \"officials said\") per 100 words",
       "0..", "wire", 0.0, lambda c: c.per100(c.anonymous)),
    _F("anonymous_source_share", "attribution",
       "share of attributions whose source is unnamed; nan without attributions",
       "0..1", "wire", NAN, lambda c: c.share(c.anonymous, c.anonymous + c.named)),
    _F("neutral_verb_share", "attribution",
       "share of attributions whose verb is neutral (said, told, according to) rather than "
       "characterising (claimed, admitted, slammed); nan without attributions",
       "0..1", "wire", NAN, lambda c: c.share(c.neutral_verbs, c.verbs)),
    _F("dated_attribution_share", "attribution",
       "share of attributed sentences anchored in time (\"said on Monday\"); nan without attributions",
       "0..1", "wire", NAN,
       lambda c: c.share(c.dated, sum(c.an.attributed_sentences))),
    _F("dateline", "attribution",
       "1 when the text opens with an agency dateline (\"ALMATY, Jan 10 (Reuters) -\", \"/TASS/\")",
       "0/1", "wire/state", 0.0,
       lambda c: 1.0 if any(cr.kind == "dateline" and cr.start < 300 for cr in c.an.credits) else 0.0),
    _F("agency_credit_per_100w", "attribution",
       "agency credits and datelines (\"(AP) —\", \"told AFP\", \"передает Kazinform\") per 100 words",
       "0..", "wire/state", 0.0, lambda c: c.per100(len(c.an.credits))),
    # --- whose voices, and how they are introduced (extractors.voices)
    _F("official_source_share", "voices",
       "share of attributions whose source is an official: an office or an arm of a government "
       "(\"the foreign ministry said\", \"President X told\"; a pronoun source counts as the "
       "source named before it); nan without attributions",
       "0..1", "state", NAN,
       lambda c: c.share(c.official_src, len(c.attributed)) if c.voice_lists else NAN),
    _F("counter_voice_share", "voices",
       "share of attributions whose source is a counter voice: a critic, the opposition, a rights "
       "group, an independent expert, a resident or witness; nan without attributions",
       "0..1", "wire", NAN,
       lambda c: c.share(c.counter_src, len(c.attributed)) if c.voice_lists else NAN),
    _F("top_source_share", "voices",
       "share of the attributions with a known source that go to the most-cited one (one voice "
       "filling the story); nan with fewer than 3",
       "0..1", "state", NAN,
       lambda c: c.top_source / c.keyed if c.keyed >= 3 else NAN),
    _F("deferential_verb_share", "voices",
       "share of attribution verbs that defer to the source (\"stressed\", \"noted\", "
       "\"pointed out\", \"hailed\"); nan without attribution verbs",
       "0..1", "state", NAN,
       lambda c: c.share(c.deferential, c.verbs) if c.verb_lists else NAN),
    _F("distancing_verb_share", "voices",
       "share of attribution verbs that doubt or judge the source (\"claimed\", \"alleged\", "
       "\"insisted\", \"admitted\", \"slammed\"); nan without attribution verbs",
       "0..1", "partisan/state", NAN,
       lambda c: c.share(c.distancing, c.verbs) if c.verb_lists else NAN),
    _F("honorific_own_per_100w", "voices",
       "honorifics and title-chain links in the outlet's own voice (\"respected Comrade\", "
       "\"His Excellency\", \"also general secretary of\") per 100 words",
       "0..", "state", 0.0,
       lambda c: c.per100(len(c.an.honorifics)) if c.honorific_lists else NAN),
    # --- loaded terms by voice
    _F("loaded_own_per_100w", "loaded", "loaded terms in the outlet's own voice per 100 words",
       "0..", "state/partisan", 0.0, lambda c: c.per100(len(c.own))),
    _F("loaded_quoted_per_100w", "loaded", "loaded terms inside quotes or attributed clauses per 100 words",
       "0..", "wire", 0.0, lambda c: c.per100(len(c.quoted))),
    _F("loaded_own_share", "loaded",
       "share of the loaded terms that are in the outlet's own voice; nan without loaded terms",
       "0..1", "state/partisan", NAN, lambda c: c.share(len(c.own), len(c.own) + len(c.quoted))),
    *(
        _F(f"loaded_{cat}_own_per_100w", "loaded",
           f"own-voice {cat.replace('_', ' ')} terms per 100 words",
           "0..", "state/partisan", 0.0,
           (lambda cat: lambda c: c.per100(c.own_by_cat.get(cat, 0)))(cat))
        for cat in LOADED_CATEGORIES
    ),
    # --- geopolitical scope
    _F("foreign_place_own_per_100w", "scope",
       "places beyond the language's home country (countries, nationalities, capitals, world "
       "regions; the English home is the United States) in the outlet's own voice per 100 words "
       "(languages framing does not support are read with the English lists, as for every cue)",
       "0..", "state/wire", 0.0,
       lambda c: c.per100(c.places_own) if profile(c.lang).places is not None else NAN),
    # --- sentiment (VADER, per sentence; English only)
    _F("sentiment_mean", "sentiment", "mean VADER compound over sentences", "-1..1", "wire: near 0",
       NAN, lambda c: _mean(c.sentiments), "en"),
    _F("sentiment_std", "sentiment", "spread (standard deviation) of sentence VADER compounds",
       "0..2", "partisan", NAN, lambda c: _std(c.sentiments), "en"),
    _F("sentiment_neg_share", "sentiment",
       f"share of sentences with VADER compound <= -{STRONG}", "0..1", "state/partisan", NAN,
       lambda c: c.share(sum(v <= -STRONG for v in c.sentiments), len(c.sentiments)), "en"),
    _F("sentiment_pos_share", "sentiment",
       f"share of sentences with VADER compound >= {STRONG}", "0..1", "state", NAN,
       lambda c: c.share(sum(v >= STRONG for v in c.sentiments), len(c.sentiments)), "en"),
    _F("sentiment_own_mean", "sentiment", "mean VADER compound of own-voice sentences; nan without any",
       "-1..1", "wire: near 0", NAN, lambda c: _mean(c.sentiment_by_voice("own")), "en"),
    _F("sentiment_own_abs_mean", "sentiment",
       "mean absolute VADER compound of own-voice sentences (emotional intensity of the outlet's voice)",
       "0..1", "state/partisan", NAN,
       lambda c: _mean([abs(v) for v in c.sentiment_by_voice("own")]), "en"),
    _F("sentiment_quoted_mean", "sentiment", "mean VADER compound of quoted-voice sentences; nan without any",
       "-1..1", "-", NAN, lambda c: _mean(c.sentiment_by_voice("quoted")), "en"),
    # --- readability (textstat syllables; English formulas; Russian Flesch after Oborneva)
    _F("flesch_reading_ease", "readability",
       "Flesch reading ease (Flesch 1948; Oborneva 2006 constants for Russian); higher = easier",
       "..121", "partisan: higher", NAN, lambda c: c.readability["flesch_reading_ease"]),
    _F("flesch_kincaid_grade", "readability", "Flesch-Kincaid grade level (Kincaid et al. 1975)",
       "0..", "wire/state: higher", NAN, lambda c: c.readability["flesch_kincaid_grade"], "en"),
    _F("gunning_fog", "readability", "Gunning fog index (Gunning 1952)", "0..",
       "wire/state: higher", NAN, lambda c: c.readability["gunning_fog"], "en"),
    _F("coleman_liau", "readability", "Coleman-Liau index (Coleman & Liau 1975)", "..",
       "wire/state: higher", NAN, lambda c: c.readability["coleman_liau"], "en"),
    _F("mean_sentence_words", "readability", "mean words per sentence", "0..", "state: higher",
       0.0, lambda c: c.n_words / c.n_sent if c.n_sent else 0.0),
    _F("mean_paragraph_words", "readability",
       f"mean words per body paragraph (paragraphs of more than {PARAGRAPH_MIN_WORDS} words; one "
       "a line, or a block between blank lines when its lines are hard-wrapped; wire copy keeps "
       "paragraphs to a sentence or two); nan with fewer than two, e.g. a text without line "
       "breaks", "0..", "partisan: higher", NAN, _mean_paragraph_words),
    _F("mean_word_chars", "readability", "mean characters per word", "0..", "wire/state: higher",
       0.0, lambda c: ((sum(c.an.tokens.ends) - sum(c.an.tokens.starts)) / c.n_words)
       if c.n_words else 0.0),
    _F("type_token_ratio", "readability",
       f"moving-average type-token ratio over {MATTR_WINDOW}-word windows (length-independent)",
       "0..1", "-", 0.0, lambda c: _mattr(c.an.tokens.lower)),
    # --- style
    _F("first_person_per_100w", "style", "first-person pronouns (I, we, my, our) per 100 words",
       "0..", "partisan", 0.0, lambda c: c.per100(c.first)),
    _F("second_person_per_100w", "style", "second-person pronouns (you, your) per 100 words",
       "0..", "partisan", 0.0, lambda c: c.per100(c.second)),
    _F("question_share", "style", "share of sentences that end with a question mark",
       "0..1", "partisan", 0.0, lambda c: c.questions / c.n_sent if c.n_sent else 0.0),
    _F("exclamation_share", "style", "share of sentences that end with an exclamation mark",
       "0..1", "partisan", 0.0, lambda c: c.exclaims / c.n_sent if c.n_sent else 0.0),
    _F("allcaps_per_100w", "style", "all-capitals words of 3+ letters per 100 words (shouting, acronyms)",
       "0..", "partisan/state", 0.0, lambda c: c.per100(c.allcaps)),
    _F("hedge_per_100w", "style", "hedges (may, reportedly, appears to) per 100 words",
       "0..", "wire", 0.0, lambda c: c.per100(c.hedges)),
    _F("intensifier_per_100w", "style", "intensifiers (very, utterly, blatantly) per 100 words",
       "0..", "partisan/state", 0.0, lambda c: c.per100(c.intens)),
    _F("numbers_per_100w", "style", "numerals per 100 words (figures, dates, counts)",
       "0..", "wire", 0.0, lambda c: c.per100(c.numbers)),
    _F("comment_signals", "style",
       "lines that look like appended reader comments (\"Reply\", \"2 hours ago\", \"@user\")",
       "0..", "partisan", 0.0, lambda c: float(c.an.comment_signals)),
)

# Plain-words titles for readers who are not data scientists (the HTML report shows these, with
# the code name on hover). One per feature; a test checks that none is missing.
TITLES: dict[str, str] = {
    "quote_direct_per_100w": "Direct quotes (per 100 words)",
    "quote_attributed_share": "Quotes with a named speaker and a verb (share)",
    "reported_speech_per_100w": "Reported speech without quote marks (per 100 words)",
    "attribution_per_100w": "Statements attributed to a source (per 100 words)",
    "attribution_per_sentence": "Attributions per sentence",
    "attributed_sentence_share": "Sentences that cite a source (share)",
    "quoted_voice_char_share": "Text in other people's words (share)",
    "named_source_per_100w": "Named sources (per 100 words)",
    "anonymous_source_per_100w": "Unnamed sources (per 100 words)",
    "anonymous_source_share": "Sources left unnamed (share)",
    "neutral_verb_share": "Neutral reporting verbs like \"said\" (share)",
    "dated_attribution_share": "Attributions with a time (share)",
    "dateline": "Opens with an agency dateline",
    "agency_credit_per_100w": "News-agency credits (per 100 words)",
    "official_source_share": "Sources that are officials (share)",
    "counter_voice_share": "Critics, opposition and independent voices among the sources (share)",
    "top_source_share": "Attributions to the most-cited source (share)",
    "deferential_verb_share": "Deferential reporting verbs like \"stressed\" (share)",
    "distancing_verb_share": "Distancing reporting verbs like \"claimed\" (share)",
    "honorific_own_per_100w": "Honorifics and title chains in the outlet's own voice (per 100 words)",
    "loaded_own_per_100w": "Loaded words in the outlet's own voice (per 100 words)",
    "loaded_quoted_per_100w": "Loaded words in quotes (per 100 words)",
    "loaded_own_share": "Loaded words that are the outlet's own (share)",
    "loaded_terror_violence_own_per_100w": "Own-voice terror and violence words (per 100 words)",
    "loaded_delegitimising_own_per_100w": "Own-voice delegitimising words (per 100 words)",
    "loaded_conspiracy_blame_own_per_100w": "Own-voice conspiracy and blame words (per 100 words)",
    "loaded_dehumanising_insult_own_per_100w": "Own-voice insults and dehumanising words (per 100 words)",
    "loaded_loaded_language_own_per_100w": "Own-voice emotive language (per 100 words)",
    "loaded_scare_labels_own_per_100w": "Own-voice scare labels like \"so-called\" (per 100 words)",
    "loaded_scare_quotes_own_per_100w": "Scare quotes (per 100 words)",
    "loaded_glorification_own_per_100w": "Own-voice glorification (per 100 words)",
    "foreign_place_own_per_100w": "Foreign places named by the outlet (per 100 words)",
    "sentiment_mean": "Average tone of sentences",
    "sentiment_std": "Swings in tone between sentences",
    "sentiment_neg_share": "Strongly negative sentences (share)",
    "sentiment_pos_share": "Strongly positive sentences (share)",
    "sentiment_own_mean": "Average tone of the outlet's own sentences",
    "sentiment_own_abs_mean": "Emotional intensity of the outlet's own sentences",
    "sentiment_quoted_mean": "Average tone of quoted sentences",
    "flesch_reading_ease": "Reading ease (Flesch; higher is easier)",
    "flesch_kincaid_grade": "School grade needed to read it (Flesch-Kincaid)",
    "gunning_fog": "Years of schooling needed (Gunning fog)",
    "coleman_liau": "Grade level by letters per word (Coleman-Liau)",
    "mean_sentence_words": "Words per sentence",
    "mean_paragraph_words": "Words per paragraph",
    "mean_word_chars": "Letters per word",
    "type_token_ratio": "Vocabulary variety",
    "first_person_per_100w": "\"I\" and \"we\" (per 100 words)",
    "second_person_per_100w": "\"You\" addressed to the reader (per 100 words)",
    "question_share": "Sentences that are questions (share)",
    "exclamation_share": "Exclamations (share)",
    "allcaps_per_100w": "Words in capitals (per 100 words)",
    "hedge_per_100w": "Hedges like \"reportedly\" (per 100 words)",
    "intensifier_per_100w": "Intensifiers like \"utterly\" (per 100 words)",
    "numbers_per_100w": "Numbers and figures (per 100 words)",
    "comment_signals": "Signs of appended reader comments",
}
# Counts, per-100-words densities and paragraph length are heavy-tailed.
_LOG_SCALED = frozenset(
    [f.name for f in REGISTRY if f.name.endswith("_per_100w")]
    + ["attribution_per_sentence", "comment_signals", "mean_paragraph_words"])
# Not for other languages: English-only measures (VADER, English readability) and features that
# read English words or lists of unequal coverage across languages (time anchors, neutral verbs,
# hedges, intensifiers, comment markers), or that depend on the language's morphology.
_NOT_CROSS_LINGUAL = frozenset(
    [f.name for f in REGISTRY if f.languages != "all"]
    + ["flesch_reading_ease", "dated_attribution_share", "neutral_verb_share", "type_token_ratio",
       "mean_word_chars", "hedge_per_100w", "intensifier_per_100w", "comment_signals",
       "official_source_share", "counter_voice_share", "deferential_verb_share",
       "distancing_verb_share", "honorific_own_per_100w"])
REGISTRY = tuple(
    dataclasses.replace(f, title=f.title or TITLES.get(f.name, f.name),
                        log_scaled=f.name in _LOG_SCALED,
                        cross_lingual=f.name not in _NOT_CROSS_LINGUAL)
    for f in REGISTRY
)

FEATURE_NAMES: tuple[str, ...] = tuple(f.name for f in REGISTRY)


def is_log_scaled(name: str) -> bool:
    """Whether a model reads the feature as log1p (``Feature.log_scaled``)."""
    f = FEATURES.get(name)
    return f.log_scaled if f is not None else name.endswith("_per_100w")


# Features a model for other languages may use (``Feature.cross_lingual``), registry order.
CROSS_LINGUAL: tuple[str, ...] = tuple(f.name for f in REGISTRY if f.cross_lingual)

# Registry features that never enter a model: they measure topic, page layout or "agency", not
# framing. Places beyond the home country are named by every story about a foreign event (a
# one-event corpus is the main use of this tool); paragraph length follows how a source broke
# lines (one collection here has none); datelines and agency credits are shared by wire and
# state agencies and tied earlier models to Reuters and KCNA. All stay features and evidence.
NOT_MODEL_INPUTS = ("foreign_place_own_per_100w", "mean_paragraph_words", "dateline",
                    "agency_credit_per_100w", "comment_signals")

FEATURES: dict[str, Feature] = {f.name: f for f in REGISTRY}
assert len(FEATURES) == len(REGISTRY), "duplicate feature name in REGISTRY"


def compute(an: Analysis) -> dict[str, float]:
    """Every registry feature for one analysed document (floats; nan = not measured)."""
    if not an.text.strip():
        return {f.name: f.empty for f in REGISTRY}
    ctx = Context(an)
    out: dict[str, float] = {}
    for f in REGISTRY:
        if f.languages == "en" and not ctx.en:
            out[f.name] = NAN
            continue
        try:
            v = float(f.fn(ctx))
        except (ZeroDivisionError, ValueError, OverflowError):
            v = NAN
        out[f.name] = v if math.isfinite(v) else NAN
    return out


@functools.lru_cache(maxsize=1)
def feature_table_markdown() -> str:
    """The feature table of docs/evidence.md, generated from the registry."""
    rows = ["| feature | group | meaning | range | high value expected for | empty text |",
            "|---|---|---|---|---|---|"]
    for f in REGISTRY:
        lang = "" if f.languages == "all" else " (English only; missing elsewhere)"
        empty = "missing" if math.isnan(f.empty) else f"{f.empty:g}"
        desc = re.sub(r"\|", "/", f.description)
        rows.append(f"| `{f.name}` | {f.group} | {desc}{lang} | {f.range} | {f.direction} | {empty} |")
    return "\n".join(rows)

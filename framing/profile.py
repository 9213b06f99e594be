"""One object per language: what the analysis needs to know about a language.

A :class:`LanguageProfile` holds the cue lists and lexicons of ``features/<lang>/`` (matched on
the language's normalised forms: English inflection stripping, simplemma lemmas for ru/uk/lv,
surface forms with wildcards for kk), its quote styles, word-order rules, home country and which
measures exist for it (sentiment, readability). Code asks the profile, not ``lang == "en"``.
"""

from __future__ import annotations

import functools

from .lexicon import list_forms, matcher, normalise, term_set
from .resources import term_list

# Languages with cue lists and lexicons under features/<lang>/; any other is read as English.
SUPPORTED_LANGUAGES = ("en", "ru", "uk", "lv", "kk")

_MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday "
    "saturday sunday"
).split()


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



class LanguageProfile:
    """Per-language cue sets and rules, built once (:func:`profile`)."""

    def __init__(self, lang: str):
        self.lang = lang
        # direct speech opened by a dash at a paragraph start ("— Мы готовы, — сказал министр",
        # "– Mēs esam gatavi, – sacīja ministrs")
        self.dash_speech = lang in ("ru", "uk", "kk", "lv")
        # VADER is English; no offline sentiment lexicon with a clear licence was found for the
        # others, so sentiment is missing there
        self.sentiment = lang == "en"
        # readability formulas: the English ones, Flesch with Oborneva's constants for Russian
        self.readability = lang if lang in ("en", "ru") else None
        places_list = term_list(lang, "cues", "places")
        self.home = places_list.header.get("home") if places_list else None
        self.verbs = term_set(lang, "cues", "reporting_verbs")
        self.roles = _RoleSet(lang)
        self.phrases = matcher(lang, "cues", "attribution_phrases")
        self.anon = matcher(lang, "cues", "anonymous_sources")
        self.loaded = matcher(lang, "loaded")
        # phrases that use a loaded word in its literal or fixed sense ("regime change")
        self.literal = matcher(lang, "cues", "literal_senses")
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
        # whose voices a story carries (extractors.voices): official sources and counter voices,
        # deferential and distancing attribution verbs, honorifics in the outlet's own voice
        self.official_sources = matcher(lang, "cues", "official_sources")
        self.counter_voices = matcher(lang, "cues", "counter_voices")
        self.deferential = verb_phrases(lang, "deferential_verbs")
        self.distancing = verb_phrases(lang, "distancing_verbs")
        self.honorifics = matcher(lang, "cues", "honorifics")
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
            m.start_forms for m in (self.phrases, self.anon, self.loaded, self.literal,
                                    self.hedges, self.intens, self.time, self.places,
                                    self.honorifics)
            if m is not None))


def verb_phrases(lang: str, name: str) -> frozenset[str] | None:
    """A list of attribution verbs as normalised phrases (None when the language has none)."""
    tl = term_list(lang, "cues", name)
    if tl is None:
        return None
    return frozenset(" ".join(normalise(w, lang) for w in t.lower().split()) for t in tl.terms)


@functools.lru_cache(maxsize=None)
def profile(lang: str) -> LanguageProfile:
    """The profile of a language code; unsupported languages get the English one."""
    return LanguageProfile(lang if lang in SUPPORTED_LANGUAGES else "en")

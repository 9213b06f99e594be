"""Reasons a reader can check (framing/reasons.py): named families of style n-grams, evidence
sentences, and the top_reasons of every labelled row; never a bare n-gram shape."""

from __future__ import annotations

import re

import pytest

import framing
from framing.reasons import feature_reason, gram_family, merge_spans
from framing.schema import LABELS

WIRE = ("ALMATY, Jan 10 (Reuters) - Kazakhstan's interior ministry said on Monday that 7,939 "
        "people had been detained after a week of unrest, the biggest in the country's history. "
        "\"The situation has stabilised in all regions,\" Interior Minister Erlan Turgumbayev told "
        "reporters in the capital. Officials said 164 people had died, according to the health "
        "ministry, though the figure could not be independently verified. Rights groups said "
        "they had received reports of detainees being beaten. President Kassym-Jomart Tokayev "
        "said on Tuesday that foreign-trained terrorists had attacked the city, a claim his "
        "critics rejected. The government said internet access had been restored in most "
        "regions on Monday, and banks reopened in Almaty on Tuesday, a central bank spokesman "
        "said.")
PARTISAN = ("Why does nobody in Washington ask the obvious question? We all know the answer, "
            "don't we? The so-called experts keep telling you that everything is fine, but you "
            "and I can see the truth with our own eyes. I'm sick of it. Our leaders are "
            "clowns, utterly incompetent, and they think you are stupid! Just look at the "
            "numbers they refuse to show us. Really, what more do we need? The swamp protects "
            "its own, and the media cheers them on. Wake up, America, before it is too late! "
            "They lie, they cheat, and they laugh at you while they do it.")
# a bare n-gram of word shapes: x, X, 0 tokens with only function words between them
BARE = re.compile(r"(^|\s)[xX0](\s[xX0]|\s(of|the|and|a|-))*(\s|$)")


@pytest.mark.parametrize("gram, family", [
    ("x of the", "noun_phrases"), ("x and x", "noun_phrases"), ("of the X", "names"),
    ("X X", "names"), ("0", "numbers"), ("- 0", "numbers"), ("X said", "reporting"),
    ('" ,', "quotation"), ("x ?", "questions"), ("we x", "first_person"), ("you", "second_person"),
    ("but", "contrast"), ("just", "emphasis"), ("that x", "reasoning"), ("x :", "punctuation"),
    ("is to", None), (". the", "noun_phrases"),
])
def test_every_ngram_has_a_named_family_or_none(gram, family):
    assert gram_family(gram, "en") == family


def test_merge_spans_merges_overlaps_and_nesting():
    assert merge_spans([[5, 9], [0, 3], [2, 4], [6, 7], [10, 12]]) == [[0, 4], [5, 9], [10, 12]]


@pytest.mark.parametrize("text", [WIRE, PARTISAN])
def test_labelled_text_gets_three_to_five_checkable_reasons(text):
    [p] = framing.load_model().explain([text])
    assert p.label in LABELS
    assert 3 <= len(p.top_reasons) <= 5
    weights = [abs(r["weight"]) for r in p.top_reasons]
    assert weights == sorted(weights, reverse=True)
    assert any(r["weight"] > 0 for r in p.top_reasons), "at least one reason supports the label"
    for r in p.top_reasons:
        assert r["direction"] in ("towards", "against") and r["label"] in LABELS
        assert r["reason"].endswith(f"({r['direction']} {r['label']})")
        # for the label: towards it, or against another label; against it otherwise
        assert (r["weight"] > 0) == ((r["direction"] == "towards") == (r["label"] == p.label))
        assert not BARE.search(r["reason"]), r["reason"]
        for s, e in r["spans"]:
            assert 0 <= s < e <= len(text)
    for d in p.top_features:  # the technical view names families, never an n-gram shape
        assert d["feature"].startswith("style:") or d["feature"] in framing.FEATURE_NAMES


def test_reporting_verbs_reason_quotes_the_words_the_text_used():
    [p] = framing.load_model().explain([WIRE])
    rep = next(r for r in p.top_reasons if r["key"] == "style:reporting")
    assert "“said”" in rep["reason"] and rep["direction"] == "towards" and rep["label"] == "wire"
    assert any(WIRE[s:e].lower().endswith("said") or "said" in WIRE[s:e] for s, e in rep["spans"])


def test_partisan_reasons_name_questions_and_person():
    [p] = framing.load_model().explain([PARTISAN])
    assert p.label == "partisan"
    keys = {r["key"] for r in p.top_reasons}
    assert keys & {"style:questions", "style:second_person", "style:first_person"}


def test_evidence_reasons_show_the_verbs_and_where_they_are():
    ex = framing.extract(
        "President Dorn stressed that the harvest was a success. He noted the progress of the "
        "workers. The ministry said the yield rose.")
    r = feature_reason("deferential_verb_share", ex, "state", "towards", 0.4)
    assert r.text.startswith("introduces its sources with deferential verbs")
    assert "“stressed”" in r.text and "“noted”" in r.text and "2 of 3 attributions" in r.text
    assert [ex.text[s:e] for s, e in r.spans][0].startswith("President Dorn stressed")
    # a document without the evidence gives no reason for it
    plain = framing.extract("The ministry said the yield rose. Farmers said prices fell.")
    assert feature_reason("deferential_verb_share", plain, "state", "against", -0.1) is None


def test_every_scored_row_carries_its_reasons():
    scorer = framing.Scorer()
    row = scorer.score(framing.Document(id="w", text=WIRE))
    assert row["status"] == "ok" and 3 <= len(row["top_reasons"]) <= 5
    short = scorer.score(framing.Document(id="s", text="Officials said the road was closed."))
    assert short["status"] == "abstained" and short["top_reasons"] == []

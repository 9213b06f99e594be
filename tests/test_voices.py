"""Whose voices a story carries (framing/extractors/voices.py) and the six registry features that
read them: short texts written for each behaviour."""

from __future__ import annotations

import math

import framing


def _feats(text):
    ex = framing.extract(text)
    return ex, ex.features


def test_officials_only_story_counts_official_sources():
    ex, f = _feats(
        "The foreign ministry said on Monday that the talks had gone well. Spokesman Ivo Darn "
        "told reporters the visit would continue. The interior minister said the border was "
        "calm.")
    kinds = [q["source"] for q in ex.quotes]
    assert kinds == ["official", "official", "official"]
    assert f["official_source_share"] == 1.0
    assert f["counter_voice_share"] == 0.0


def test_critics_and_rights_groups_are_counter_voices():
    ex, f = _feats(
        "The interior ministry said 41 people were detained. Critics said the arrests were "
        "unlawful. Amnesty International said detainees had been beaten. Residents told reporters "
        "they were afraid.")
    assert [q["source"] for q in ex.quotes] == ["official", "counter", "counter", "counter"]
    assert f["counter_voice_share"] == 0.75
    assert f["official_source_share"] == 0.25


def test_opposition_lawmakers_are_a_counter_voice_not_officials():
    ex, _ = _feats("Opposition lawmakers said the vote was rigged, the newspaper reported.")
    assert ex.quotes[0]["source"] == "counter"


def test_a_pronoun_source_takes_the_kind_of_the_source_named_before_it():
    ex, f = _feats(
        "The defence minister said the army was ready. He stressed that the drills were "
        "routine. He noted that no foreign troops took part.")
    assert [q["source"] for q in ex.quotes] == ["official"] * 3
    # one voice fills the story
    assert f["top_source_share"] == 1.0


def test_many_voices_spread_the_attributions():
    _, f = _feats(
        "The mayor said the road would reopen. A witness said he had waited two days. An "
        "economist said the closure cost millions. The police chief said the site was safe.")
    assert f["top_source_share"] == 0.25


def test_deferential_and_distancing_verbs():
    ex, f = _feats(
        "President Dorn stressed that the harvest was a success. He noted the progress of the "
        "workers. Opposition activists claimed they had taken the town. The ministry said the "
        "claim was false.")
    assert [q["verb_kind"] for q in ex.quotes] == ["deferential", "deferential", "distancing", None]
    assert f["deferential_verb_share"] == 0.5
    assert f["distancing_verb_share"] == 0.25


def test_no_attribution_leaves_the_shares_missing_not_zero():
    _, f = _feats("The harvest was good this year and the fields are green.")
    for name in ("official_source_share", "counter_voice_share", "deferential_verb_share",
                 "distancing_verb_share", "top_source_share"):
        assert math.isnan(f[name]), name


def test_honorifics_count_in_the_outlets_own_voice_only():
    own = ("The respected Comrade Kim Il Nam, General Secretary of the Party, visited the farm. "
           "He praised the farmers.")
    quoted = ('A farmer said: "The respected Comrade Kim Il Nam, General Secretary of the Party, '
              'visited our farm."')
    ex_own, f_own = _feats(own)
    ex_q, f_q = _feats(quoted)
    assert {h["term"] for h in ex_own.honorifics} == {"respected comrade", "general secretary of"}
    assert f_own["honorific_own_per_100w"] > 0
    assert ex_q.honorifics == [] and f_q["honorific_own_per_100w"] == 0.0


def test_voice_features_are_missing_in_a_language_without_the_lists():
    _, f = _feats("Министр заявил, что переговоры прошли успешно. Критики сказали, что это не так. "
                  "Президент подчеркнул важность встречи.")
    for name in ("official_source_share", "counter_voice_share", "deferential_verb_share",
                 "distancing_verb_share", "honorific_own_per_100w"):
        assert math.isnan(f[name]), name

"""framing.features: the registry, loaded terms by voice, the sklearn transformer, missing values.

Every text here is invented for the test (no corpus text).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import framing
import framing.readability
from framing import FEATURE_NAMES, FEATURES, REGISTRY, FeatureExtractor, extract

# A wire story: dateline, reported speech, and an official who calls people "terrorists".
WIRE = (
    "ASTANA, Jan 6 (Reuters) - Security forces regained control of the city centre on Thursday, "
    "the interior ministry said. Interior Minister Erlan Bekov told reporters that \"terrorists\" "
    "had attacked police stations overnight. The president described the violence as an attack "
    "by terrorist groups, his office said in a statement. Officials said 26 people had been killed."
)
# The same loaded words, in the outlet's own voice.
OWN_VOICE = (
    "Security forces regained control of the city centre on Thursday. Terrorists had attacked "
    "police stations overnight. The violence was an attack by terrorist groups. "
    "26 people had been killed."
)


def loaded(text: str) -> list[dict]:
    return [h for h in extract(text).loaded_terms if h["category"] != "scare_quotes"]


# --- the "done when" ----------------------------------------------------------------


def test_wire_story_quoting_an_official_has_high_attribution_and_no_own_voice_loading():
    f = extract(WIRE).features
    assert f["attribution_per_100w"] > 2
    assert f["dateline"] == 1.0
    assert f["loaded_own_per_100w"] == 0.0
    assert f["loaded_quoted_per_100w"] > 0
    assert f["loaded_own_share"] == 0.0
    assert f["loaded_terror_violence_own_per_100w"] == 0.0


def test_wire_story_loaded_terms_are_all_in_quoted_voice():
    hits = loaded(WIRE)
    assert {h["matched"] for h in hits} == {"terrorists", "terrorist groups"}
    assert {h["voice"] for h in hits} == {"quoted"}


def test_same_loaded_words_in_own_voice_give_own_density():
    f = extract(OWN_VOICE).features
    assert f["loaded_own_per_100w"] > 0
    assert f["loaded_terror_violence_own_per_100w"] > 0
    assert f["loaded_quoted_per_100w"] == 0.0
    assert f["loaded_own_share"] == 1.0
    assert {h["voice"] for h in loaded(OWN_VOICE)} == {"own"}


def test_described_as_by_a_speaker_is_quoted_voice():
    text = "The president described the violence as an attack by terrorist groups."
    [hit] = loaded(text)
    assert hit["term"] == "terrorist group"
    assert hit["matched"] == "terrorist groups"
    assert hit["voice"] == "quoted"


# --- term matching: phrases, inflections, wildcards -----------------------------------------


def test_multi_word_term_matches_as_one_longest_hit():
    text = "The brazen acts of terror unsettled the town."
    [hit] = loaded(text)
    assert hit["matched"] == "brazen acts of terror"
    assert hit["category"] == "terror_violence"
    assert text[hit["start"] : hit["end"]] == hit["matched"]


def test_plural_inflection_matches_the_listed_base_form():
    [hit] = loaded("Terrorists attacked the town.")
    assert (hit["term"], hit["matched"]) == ("terrorist", "Terrorists")


def test_prefix_wildcard_matches_derived_forms():
    [hit] = loaded("The minister condemned the Russophobic campaign in the press.")
    assert hit["term"] == "russophob*"
    assert hit["matched"] == "Russophobic"


def test_loaded_terms_are_whole_words_only():
    assert loaded("The terrace of the hotel overlooks the bay.") == []


# --- the registry ----------------------------------------------------------------------------


def test_feature_names_are_unique():
    assert len(set(FEATURE_NAMES)) == len(FEATURE_NAMES) == len(REGISTRY)
    assert tuple(FEATURES) == FEATURE_NAMES


@pytest.mark.parametrize("feature", REGISTRY, ids=lambda f: f.name)
def test_every_feature_documents_its_meaning_range_direction_and_empty_value(feature):
    assert feature.description.strip()
    assert feature.range.strip()
    assert feature.direction.strip()
    assert isinstance(feature.empty, float)
    assert feature.languages in ("all", "en")
    assert callable(feature.fn)


def test_vector_length_equals_number_of_feature_names():
    ex = extract(WIRE)
    v = ex.vector()
    assert v.shape == (len(FEATURE_NAMES),)
    assert list(ex.features) == list(FEATURE_NAMES)


TINY = [
    "GENEVA (Reuters) - Talks resumed on Monday, officials said. A diplomat told Reuters the "
    "mood was calm.",
    "BERLIN (AP) — The minister said the budget would pass. Lawmakers said a vote was due on Friday.",
    "TOKYO, May 2 (Reuters) - Exports rose in April, the ministry said. Analysts said demand held up.",
    "The heroic people rally behind the wise leader against the Russophobic provocateurs!",
    "Glorious workers overfulfilled the plan, defying the terrorist regime and its puppets.",
    "You won't believe what these corrupt elites did. We must stop this shameless power grab now!",
]
LABELS = ["wire", "wire", "wire", "state", "state", "partisan"]


def test_feature_extractor_matrix_has_one_column_per_feature_name():
    X = FeatureExtractor().fit(TINY).transform(TINY)
    assert X.shape == (len(TINY), len(FEATURE_NAMES))
    assert X.dtype == float


def test_feature_extractor_names_out_equal_registry_names():
    names = FeatureExtractor().fit(TINY).get_feature_names_out()
    assert list(names) == list(FEATURE_NAMES)


def test_feature_extractor_rejects_a_single_string():
    with pytest.raises(framing.InputError):
        FeatureExtractor().fit(TINY).transform("one text, not a list")


def test_feature_extractor_works_inside_a_user_pipeline():
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    pipe = make_pipeline(FeatureExtractor(), SimpleImputer(keep_empty_features=True),
                         LogisticRegression(max_iter=1000))
    pipe.fit(TINY, LABELS)
    pred = pipe.predict(TINY)
    assert len(pred) == len(TINY)
    assert set(pred) <= set(LABELS)
    assert pipe.predict_proba(["Officials said the talks would resume."]).shape == (1, 3)


def test_feature_extractor_is_a_cloneable_estimator():
    from sklearn.base import clone

    fe = clone(FeatureExtractor(language="en"))
    assert fe.get_params() == {"language": "en", "missing": "median"}


# --- empty and missing values ----------------------------------------------------------------


def _same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == b


@pytest.mark.parametrize("text", ["", "   \n\t  ", None], ids=["empty", "whitespace", "none"])
def test_empty_text_gives_the_registry_empty_values(text):
    f = extract(text).features
    bad = {x.name: f[x.name] for x in REGISTRY if not _same(f[x.name], x.empty)}
    assert bad == {}


RUSSIAN = (
    "Президент страны заявил в понедельник, что переговоры продолжатся. Министр иностранных дел "
    "сообщил журналистам об итогах встречи. Новый мост через реку откроют в пятницу."
)


def test_english_only_features_are_missing_not_zero_for_russian_text():
    ex = extract(RUSSIAN)
    assert ex.language == "ru"
    en_only = [f.name for f in REGISTRY if f.languages == "en"]
    assert en_only  # sentiment and English readability indices
    assert {n: ex.features[n] for n in en_only if not math.isnan(ex.features[n])} == {}


def test_language_independent_features_are_measured_for_russian_text():
    f = extract(RUSSIAN).features
    assert f["attribution_per_100w"] > 0
    assert math.isfinite(f["mean_sentence_words"])
    assert math.isfinite(f["flesch_reading_ease"])  # Oborneva's Russian constants


def test_english_only_features_are_measured_for_english_text():
    f = extract(WIRE + " The city was quiet on Friday.").features  # own and quoted sentences
    for feat in REGISTRY:
        if feat.languages == "en":
            assert math.isfinite(f[feat.name]), feat.name


# --- sentiment by voice ----------------------------------------------------------------------


def test_sentiment_is_split_by_voice():
    names = set(FEATURE_NAMES)
    assert {"sentiment_own_mean", "sentiment_quoted_mean"} <= names


def test_whole_document_compound_is_not_a_feature():
    assert not [n for n in FEATURE_NAMES if "compound" in n]


def test_angry_quote_in_neutral_story_moves_quoted_sentiment_not_own():
    text = ("The council met on Tuesday to discuss the new bus timetable. "
            "The opposition leader said the plan was a terrible, disgusting disaster. "
            "The timetable takes effect in June.")
    f = extract(text).features
    assert f["sentiment_quoted_mean"] < -0.5
    assert abs(f["sentiment_own_mean"]) < 0.2


# --- readability -----------------------------------------------------------------------------

PLAIN = (
    "The city council met on Tuesday evening. Members voted to build a new park near the river. "
    "The park will have trees, paths and a small pond. Work is due to start in the spring. "
    "The mayor said the cost would be shared with the region."
)


def test_flesch_reading_ease_is_close_to_textstat():
    textstat = framing.readability.offline_textstat()
    ours = extract(PLAIN).features["flesch_reading_ease"]
    assert abs(ours - textstat.flesch_reading_ease(PLAIN)) <= 8


def test_harder_text_has_lower_reading_ease():
    hard = ("Notwithstanding considerable institutional opposition, the parliamentary commission "
            "unanimously recommended comprehensive constitutional amendments concerning "
            "administrative decentralisation.")
    assert extract(hard).features["flesch_reading_ease"] < extract(PLAIN).features[
        "flesch_reading_ease"]


def test_vectors_of_several_texts_stack():
    X = np.vstack([extract(t).vector() for t in TINY])
    assert X.shape == (len(TINY), len(FEATURE_NAMES))


def test_feature_metadata_lives_in_the_registry():
    import framing.train as train
    from framing.features import CROSS_LINGUAL, FEATURES, is_log_scaled

    assert is_log_scaled("loaded_own_per_100w") and is_log_scaled("comment_signals")
    assert not is_log_scaled("quote_attributed_share")
    assert all(FEATURES[n].log_scaled == is_log_scaled(n) for n in FEATURES)
    # train.py's list of features for other languages is the registry's, less non-model inputs
    excluded = set(getattr(train, "NOT_MODEL_INPUTS", getattr(train, "AGENCY_STYLE", ())))
    assert tuple(n for n in CROSS_LINGUAL if n not in excluded) == train.LANGUAGE_INDEPENDENT


def _sliding_mattr(words, window):
    """The moving-average type-token ratio as its definition reads: every window, slid."""
    if not words:
        return 0.0
    if len(words) <= window:
        return len(set(words)) / len(words)
    spans = range(len(words) - window + 1)
    return sum(len(set(words[j:j + window])) for j in spans) / (len(spans) * window)


def test_mattr_equals_the_sliding_window_definition():
    from framing.features import _mattr

    text = ("the cat sat on the mat and the dog sat on the cat while a bird sang on the roof "
            "of the old barn near the mill").split()
    for words in (text, text * 3, ["a"] * 7, ["a", "b"] * 9, list("abcdefghij"), []):
        for window in (1, 2, 3, 5, 50):
            assert _mattr(words, window) == _sliding_mattr(words, window), (words, window)

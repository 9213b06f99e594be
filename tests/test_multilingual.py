"""Quotes, attribution, voice and language handling beyond English (issue 6).

Every text here is written for the test, about invented events.
"""

from __future__ import annotations

import math

import pytest

import framing
from framing.analysis import analyse

RU_AGENCY = (
    "АСТАНА, 12 марта. /ТАСС/. Власти сообщили о задержании сорока участников беспорядков. "
    "«Ситуация полностью под контролем», — заявил министр внутренних дел Ерлан Сапаров. "
    "По словам представителя полиции, пострадавших среди мирных жителей нет."
)
RU_COMMENTARY = (
    "Так называемые «мирные протестующие» оказались обычными террористами. "
    "Эти бандиты, подготовленные за рубежом, действуют по указке лицемерного Запада. "
    "Хватит это терпеть!"
)
UK_REPORT = (
    "Міністерство оборони назвало учасників протесту «терористами», повідомляє агентство "
    "Укрінформ. За словами речника відомства, затримано дванадцять осіб."
)
LV_WITH_TWEET = (
    "Opozīcijas līderis svētdien sociālajā tīklā publicēja ierakstu angļu valodā par "
    "protestiem galvaspilsētā.\n\n"
    "\"We will not be silenced by this government. The people of this city deserve answers "
    "and they deserve them today,\" rakstīja Arnauts.\n\n"
    "Kā ziņo LETA, valdība komentārus par protestiem nesniedza."
)
KK_SENTENCE = (
    "Ішкі істер министрі наразылық білдірушілерді террористер деп атады, "
    "деп хабарлады Kazinform агенттігі."
)
MIXED = (
    "Police detained dozens of protesters in the capital on Monday, officials said.\n\n"
    "Полиция задержала десятки протестующих в столице в понедельник, сообщили власти.\n\n"
    "警方星期一在首都拘留了数十名抗议者。"
)


def _own(an, term_prefix: str):
    return [h for h in an.loaded if h.voice == "own" and h.matched.lower().startswith(term_prefix)]


def _quoted(an, term_prefix: str):
    return [h for h in an.loaded if h.voice == "quoted" and h.matched.lower().startswith(term_prefix)]


def test_russian_agency_report_dateline_guillemets_and_po_slovam():
    an = analyse(RU_AGENCY)
    assert an.language == "ru"
    assert [c.agency for c in an.credits if c.kind == "dateline"] == ["ТАСС"]
    direct = [q for q in an.quotes if q.kind == "direct"]
    assert len(direct) == 1 and direct[0].text.startswith("Ситуация")
    assert direct[0].verb == "заявил" and "Сапаров" in direct[0].speaker
    assert not direct[0].anonymous
    reported = [q for q in an.quotes if q.kind == "reported"]
    assert any(q.verb == "по слово" for q in reported), reported  # "по словам", lemmatised


def test_russian_commentary_calls_protesters_terrorists_in_its_own_voice():
    an = analyse(RU_COMMENTARY)
    assert an.language == "ru"
    assert _own(an, "террорист") and _own(an, "бандит")
    assert not [h for h in an.loaded if h.voice == "quoted"]
    assert any(h.category == "scare_quotes" and h.matched == "мирные протестующие" for h in an.loaded)
    ex = framing.extract(RU_COMMENTARY)
    assert ex.features["loaded_own_per_100w"] > 5
    assert ex.features["exclamation_share"] > 0


def test_ukrainian_report_quotes_someone_elses_terrorists():
    an = analyse(UK_REPORT)
    assert an.language == "uk"
    assert _quoted(an, "терорист")
    assert not [h for h in an.loaded if h.voice == "own"]
    assert any(q.verb == "повідомляє" for q in an.quotes)
    assert framing.extract(UK_REPORT).features["loaded_own_per_100w"] == 0


def test_latvian_report_with_an_english_tweet_is_seen_as_two_languages():
    an = analyse(LV_WITH_TWEET)
    assert an.language == "lv"
    assert an.languages.get("en", 0) > 0.2
    tweet = [q for q in an.quotes if q.kind == "direct" and q.text.startswith("We will not")]
    assert tweet and tweet[0].speaker == "Arnauts" and tweet[0].verb == "rakstīja"
    assert any(c.agency == "LETA" for c in an.credits)


def test_kazakh_sentence_attribution_credit_and_wildcard_lexicon():
    an = analyse(KK_SENTENCE)
    assert an.language == "kk"
    assert any(h.matched.lower().startswith("террорист") for h in an.loaded)
    assert all(h.voice == "quoted" for h in an.loaded)  # "... деп хабарлады Kazinform"
    assert any(c.agency == "Kazinform" for c in an.credits)


def test_mixed_scripts_give_shares_per_language_and_no_error():
    ex = framing.extract(MIXED)
    assert set(ex.languages) >= {"en", "ru"}
    assert math.isclose(sum(ex.languages.values()), 1.0, abs_tol=1e-3)
    assert all(isinstance(v, float) for v in ex.features.values())


def test_non_english_sentiment_is_missing_not_zero():
    ex = framing.extract(RU_AGENCY)
    for name, feat in framing.FEATURES.items():
        if feat.languages == "en":
            assert math.isnan(ex.features[name]), name


def test_russian_readability_uses_oborneva_and_ukrainian_has_none():
    assert math.isfinite(framing.extract(RU_AGENCY).features["flesch_reading_ease"])
    assert math.isnan(framing.extract(UK_REPORT).features["flesch_reading_ease"])


def test_russian_dash_direct_speech():
    text = ("Министр выступил перед журналистами.\n"
            "— Мы не допустим новых беспорядков в столице, — сказал министр.\n")
    an = analyse(text, language="ru")
    direct = [q for q in an.quotes if q.kind == "direct"]
    assert direct and direct[0].text.startswith("Мы не допустим")
    assert direct[0].verb == "сказал"


def test_low_nine_quotes_and_ukrainian_guillemets():
    text = "Речник сказав: „Ситуація під контролем“. Опозиція назвала владу «хунтою»."
    an = analyse(text, language="uk")
    assert any(q.text == "Ситуація під контролем" and q.verb == "сказав" for q in an.quotes)


@pytest.fixture(scope="module")
def scorer():
    return framing.Scorer()


def test_scorer_routes_languages_to_their_model_and_says_which(scorer):
    ru = scorer.score(framing.Document(id="ru", text=RU_COMMENTARY * 6))
    en = scorer.score(framing.Document(id="en", text=("Police detained dozens of protesters on "
                                                     "Monday, officials said. ") * 10))
    assert en["model"] == framing.SHIPPED_MODELS[0] == "framing-en-v3"
    assert en["feature_set"] == scorer.model.feature_set
    if scorer.multilingual is not None:
        # Russian goes to a Russian model when one ships (framing-ru-v1), else to the
        # multilingual one; either way the row names the model that judged it
        ru_model = scorer.classifier.model_for("ru")
        assert ru_model.name in ("framing-ru-v1", scorer.multilingual.name)
        assert ru["model"] == ru_model.name and ru["feature_set"] == ru_model.feature_set
        if ru_model is scorer.multilingual:
            assert ru["feature_set"] == "language-independent"
        assert ru["status"] == "ok" and ru["label"] in ("wire", "state", "partisan")
        assert isinstance(ru["low_confidence"], bool)
    else:
        assert ru["status"] == "abstained" and "not covered" in ru["abstain_reason"]


def test_language_without_lexicon_is_abstained_with_reason(scorer):
    zh = "警方星期一在首都拘留了数十名抗议者。官员说，局势已经得到控制。" * 10
    row = scorer.score(framing.Document(id="zh", text=zh))
    assert row["status"] == "abstained"
    assert "not covered" in row["abstain_reason"]
    assert row["language"] == "zh"

"""Places beyond the home country and the foreign_place_own_per_100w feature.

Every text here is written for the test, about invented events.
"""

from __future__ import annotations

import math

import pytest

from framing import extract
from framing.analysis import analyse
from framing.resources import term_list

FEATURE = "foreign_place_own_per_100w"


def _places(text: str, **kw) -> list[tuple[str, str]]:
    return [(p.text, p.voice) for p in analyse(text, **kw).places]


def test_own_voice_places_are_counted_per_100_words():
    text = ("Chinese and Turkish envoys met in Brussels on Monday to discuss trade. "
            "The talks lasted four hours and ended without a statement.")
    ex = extract(text)
    assert [p["text"] for p in ex.places] == ["Chinese", "Turkish", "Brussels"]
    assert all(p["voice"] == "own" for p in ex.places)
    assert ex.features[FEATURE] == pytest.approx(100 * 3 / ex.n_words)


def test_places_inside_an_attributed_quote_are_quoted_voice():
    text = ('"Russian troops are massing near Kharkiv," the minister said. '
            "The ministry gave no figures.")
    places = _places(text)
    assert places == [("Russian", "quoted"), ("Kharkiv", "quoted")]
    assert extract(text).features[FEATURE] == 0.0


def test_home_country_is_not_listed_for_english():
    text = "American officials in Washington said the United States would respond. US allies agreed."
    assert _places(text) == []
    tl = term_list("en", "cues", "places")
    assert tl.header["home"] == "United States"
    listed = {t.lower() for t in tl.terms}
    assert not {"american", "united states", "washington", "us", "u.s.", "america"} & listed


def test_english_places_must_be_capitalised():
    text = "We ate turkey and used the best china. Polish the silver before the guests arrive."
    assert _places(text) == [("Polish", "own")]  # a capitalised sentence opener still counts


def test_new_mexico_and_new_england_are_us_places():
    text = ("Voters in New Mexico and New England met observers from New Zealand. "
            "New Chinese tariffs took effect.")
    assert [t for t, _ in _places(text)] == ["New Zealand", "Chinese"]


def test_nationalities_of_americans_are_not_foreign_places():
    text = ("African American and Mexican-American voters, Native American and American Indian "
            "leaders met. Indian troops moved to the border.")
    assert [t for t, _ in _places(text)] == ["Indian"]


def test_places_inside_hyphenated_words_count():
    text = "Chinese-made drones, US-China trade and Kremlin-backed channels featured in the story."
    assert [t for t, _ in _places(text)] == ["Chinese", "China", "Kremlin"]


def test_a_lower_case_tail_does_not_lose_a_multi_word_place():
    text = "Tension on the Korean peninsula grew; the Czech republic and Côte d'Ivoire voted yes."
    assert [t for t, _ in _places(text)] == ["Korean peninsula", "Czech republic", "Côte d'Ivoire"]


def test_the_west_is_not_listed():
    # "the West" is also the western United States in US copy ("wildfires across the West")
    assert _places("Wildfires across the West and Western states spread.") == []


def test_russian_case_forms_match_through_lemmas():
    text = "Делегации Киева и Вашингтона встретились в Китае. Речь шла о Ближнем Востоке."
    got = [t for t, _ in _places(text, language="ru")]
    assert got == ["Киева", "Вашингтона", "Китае", "Ближнем Востоке"]


def test_russian_home_country_is_not_counted():
    text = "Президент России заявил, что Россия готова к диалогу. Москва ждёт ответа."
    assert _places(text, language="ru") == []


def test_ukrainian_and_latvian_forms():
    uk = "Делегація Мінська прибула до Вашингтона. Представники Литви обговорили ситуацію."
    assert [t for t, _ in _places(uk, language="uk")] == ["Мінська", "Вашингтона", "Литви"]
    lv = "Kijivas un Vašingtonas pārstāvji tikās Ķīnā. Es domāju, ka Eiropas Savienība piekritīs."
    got = [t for t, _ in _places(lv, language="lv")]
    assert got == ["Kijivas", "Vašingtonas", "Ķīnā", "Eiropas Savienība"]  # "Es" (I) is no place


def test_kazakh_wildcards():
    text = "Ресейдің және Қытайдың өкілдері Астанада кездесті."
    assert [t for t, _ in _places(text, language="kk")] == ["Ресейдің", "Қытайдың"]


def test_kazakh_usa_is_not_money():
    text = "АҚШ-тың өкілі келді. Ол ақша тапты, ақшасы көп."
    assert [t for t, _ in _places(text, language="kk")] == ["АҚШ-тың"]


def test_every_supported_language_has_a_places_list_with_a_home():
    for lang, home in {"en": "United States", "ru": "Russia", "uk": "Ukraine", "lv": "Latvia",
                       "kk": "Kazakhstan"}.items():
        tl = term_list(lang, "cues", "places")
        assert tl is not None and tl.header["home"] == home


def test_empty_text_is_zero_not_missing():
    v = extract("").features[FEATURE]
    assert v == 0.0 and not math.isnan(v)


def test_list_words_that_simplemma_does_not_fix_still_match():
    # "данным" lemmatises to "данные", which lemmatises again to "данный": the list holds what the
    # text gives, so the list word must match as written, not only lemmatised a second time
    an = analyse("По данным МВД, в городе задержаны сто человек.", language="ru")
    assert [q.verb for q in an.quotes] == ["по данные"]


@pytest.mark.parametrize("text, lang, term", [
    ("Это т.н. оппозиция снова вышла на улицы.", "ru", "т.н."),  # "т" lemmatises to "тонна"
    ("Це т.зв. опозиція знову вийшла на вулиці.", "uk", "т.зв."),
    ("Tā sauktās opozīcijas līderi atkal protestēja.", "lv", "tā sauktas"),
    ("Viņš ir muļķis, teica kaimiņš.", "lv", "muļķe"),
    ("Viņi bēga kā žurka no grimstoša kuģa.", "lv", "kā žurka"),
])
def test_list_words_also_match_through_their_own_lemma(text, lang, term):
    assert term in [h.term for h in analyse(text, language=lang).loaded]

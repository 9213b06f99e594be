"""Issue 12: evidence a reader can trust. One test per failure found on real articles, each on a
short text written for the test (invented places and people)."""

import pytest

import framing
from framing.analysis import analyse, find_credits


def loaded(text, **kw):
    return framing.extract(text, **kw).loaded_terms


def speakers(text, **kw):
    return [(q.speaker, q.verb) for q in analyse(text, **kw).quotes]


# --- framing verbs attribute the term to their subject --------------------------------------


@pytest.mark.parametrize("text", [
    "Norland has described the unrest in Tarvik as an attack by terrorist groups.",
    'President Ostrov has sought to frame the unrest as an attack by "terrorist groups".',
    "The ministry branded the marchers terrorists on Monday.",
    "State television dubbed the strikers terrorists.",
    "The governor labelled the protesters terrorists.",
    "Officials termed the blockade an act of terrorists.",
    "The council, in what it called a terrorist plot, closed the square.",
])
def test_framing_verb_attributes_the_loaded_term_to_its_subject(text):
    hits = [h for h in loaded(text) if h["category"] == "terror_violence"]
    assert hits and all(h["voice"] == "quoted" for h in hits), hits


def test_framing_verb_without_a_subject_stays_own_voice():
    [h] = [h for h in loaded("The unrest was the work of terrorist groups.")]
    assert h["voice"] == "own"


# --- one stretch of text is one loaded term --------------------------------------------------


def test_scare_quoted_lexicon_term_is_one_hit_with_both_categories():
    hits = loaded('Police arrested the "terrorists" at dawn.')
    assert len(hits) == 1
    assert hits[0]["category"] == "terror_violence"
    assert hits[0]["categories"] == ["terror_violence", "scare_quotes"]
    assert hits[0]["voice"] == "own"
    assert framing.extract('Police arrested the "terrorists" at dawn.').features[
        "loaded_own_per_100w"] == pytest.approx(100 / 6)


def test_scare_quote_without_lexicon_term_keeps_its_own_category():
    [h] = loaded('The "peaceful marchers" burned three cars.')
    assert h["category"] == "scare_quotes" and h["categories"] == ["scare_quotes"]


# --- speakers that are not speakers ----------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Talks between Russia and Norland stalled on Monday.",
    "The head of state arrived in Tarvik on Monday.",
    "A Central Asian state's airline resumed flights.",
    "He served as Secretary of State until 2019.",
    "Requests for comment were not returned.",
    "Comment / Reply From \"nice work\" yesterday",
])
def test_nouns_and_prepositions_are_not_speakers_or_verbs(text):
    assert [sv for sv in speakers(text) if sv != (None, None)] == [], speakers(text)


def test_gerund_after_a_preposition_is_not_a_reporting_verb():
    text = "Voters in the region criticised the Moscow-led CSTO for responding so slowly."
    assert speakers(text) == [("Voters in the region", "criticised")]


def test_source_with_a_phrase_after_its_head():
    assert speakers("Speakers at the rally said the puppet regime must go.") == [
        ("Speakers at the rally", "said")]
    assert speakers("Residents of the town said the water rose fast.") == [
        ("Residents of the town", "said")]
    [h] = loaded("Speakers at the rally said the puppet must go.")
    assert h["voice"] == "quoted"


def test_adverb_between_subject_and_verb_keeps_the_subject_as_speaker():
    text = ("Interior Minister Arman Kessel spoke on Monday. "
            "He also said the Internet would be restored by Friday.")
    assert ("He", "said") in speakers(text)
    assert not any(sp and "Internet" in sp for sp, _ in speakers(text))


def test_source_after_the_verb_needs_a_quote_or_comma_before_the_verb():
    text = "Officials on Monday said the Internet would be restored."
    assert all(sp is None or "Internet" not in sp for sp, _ in speakers(text))
    assert speakers('"Order is restored," said Interior Minister Arman Kessel.') == [
        ("Interior Minister Arman Kessel", "said")]


def test_name_with_a_slash_is_one_speaker():
    text = "RFE/RL's Kazakh Service reported that hundreds were detained."
    assert speakers(text) == [("RFE/RL's Kazakh Service", "reported")]


# --- agency credits --------------------------------------------------------------------------


def test_agency_after_a_colon_closing_its_line_is_a_credit():
    text = "Tarvik spent the night without power after a blackout: AFP\nResidents queued for water."
    assert [c.agency for c in find_credits(text, "en")] == ["AFP"]


def test_agency_correspondent_is_a_credit():
    text = "Residents queued for water, an AFP correspondent reported."
    assert [c.agency for c in find_credits(text, "en")] == ["AFP"]
    assert framing.extract(text).features["agency_credit_per_100w"] > 0


# --- reader comments -------------------------------------------------------------------------

ARTICLE_WITH_COMMENTS = """\
Westland's leaders met in Tarvik on Friday to discuss the border.
The talks lasted four hours and ended without an agreement on the crossing points, officials said.

Ivan_K
26 November 2022 22: 12
Offline
What a Russophobic reptile this minister is.
Quote: Denis Z
He is a traitor and a puppet.
Reply
Mara77
27 November 2022 09: 40
Agreed.
"""


def test_reader_comment_block_is_detected_and_kept_out_of_own_voice():
    ex = framing.extract(ARTICLE_WITH_COMMENTS)
    assert ex.features["comment_signals"] >= 4
    [block] = ex.comments
    assert ARTICLE_WITH_COMMENTS[block["start"]:].startswith("Ivan_K")
    assert ex.loaded_terms == []  # the insults are the commenters' words
    assert {h["matched"] for h in ex.comment_terms} >= {"Russophobic", "reptile", "traitor"}
    assert all(h["voice"] == "comment" for h in ex.comment_terms)
    assert ex.features["loaded_own_per_100w"] == 0.0


def test_timestamps_and_status_lines_are_comment_signals():
    text = "Some text.\n26 November 2022 22: 12\nOffline\nQuote: Denis Z\n@mara77\n"
    assert framing.extract(text).features["comment_signals"] == 4


def test_article_with_a_time_in_its_text_has_no_comment_block():
    text = ("The vote closed at 10:30 pm on Sunday.\nTurnout was 61 percent, the commission said.\n"
            "Results are due on Monday.")
    assert framing.extract(text).comments == []


# --- Latvian attribution ---------------------------------------------------------------------


def test_latvian_attribution_verbs_are_found():
    text = ("Iekšlietu ministrs Jānis Ozols otrdien paziņoja, ka situācija ir stabila. "
            "Kā ziņo aģentūra LETA, protestētāji pulcējās pie ēkas. "
            "Policija aizturēja 20 cilvēkus, apgalvojot, ka viņi organizēja nemierus.")
    an = analyse(text, language="lv")
    assert all(an.attributed_sentences), an.attributed_sentences
    assert ("Iekšlietu ministrs Jānis Ozols", "paziņoja") in speakers(text, language="lv")
    assert [c.agency for c in an.credits] == ["LETA"]


def test_latvian_quote_gets_its_speaker():
    text = "„Mēs situāciju kontrolējam,” paziņoja ministrs Ozols."
    assert speakers(text, language="lv") == [("ministrs Ozols", "paziņoja")]


# --- found while annotating benchmarks/gold (attribution) -----------------------------------


def test_source_before_an_apposition_is_the_speaker():
    text = "Mara Olsen, the mayor of Tarvik, said the bridge would reopen in May."
    assert speakers(text) == [("Mara Olsen", "said")]
    text = "Tarvik's mayor Mara Olsen, who said the bridge would reopen, was re-elected."
    assert ("Tarvik's mayor Mara Olsen", "said") in speakers(text)


def test_relative_clause_of_a_description_is_no_attribution():
    text = "The Tarvik Budget Office, which estimates the cost of bills, has not yet scored it."
    assert speakers(text) == []


def test_quotation_continued_after_its_attribution_keeps_the_speaker():
    text = ('"We will rebuild the bridge," Mayor Mara Olsen told reporters. '
            '"The work starts in spring and will take two years."')
    assert [sp for sp, _ in speakers(text)] == ["Mayor Mara Olsen", "Mayor Mara Olsen"]


def test_participle_quote_takes_the_subject_of_its_clause():
    text = ('Senator Ivo Brandt held a rally in Tarvik, calling the plan "a disgrace to the '
            'town and its people."')
    assert speakers(text) == [("Senator Ivo Brandt", "calling")]


def test_according_to_names_its_source():
    text = "Exports fell 4 percent in May, according to data from the Tarvik Statistics Office."
    [(sp, verb)] = speakers(text)
    assert verb.startswith("according to") and sp.endswith("Tarvik Statistics Office")


def test_possessive_before_a_verb_form_makes_it_a_noun():
    text = "Hearing the clerk's answer, Mayor Olsen said the plan was too long."
    assert speakers(text) == [("Mayor Olsen", "said")]


def test_object_pronoun_is_not_a_speaker():
    text = "The mayor thanked the envoy and asked him to convey her greetings to the council."
    assert all(sp != "him" for sp, _ in speakers(text))


def test_latvian_dash_opened_speech_is_a_quote_with_its_speaker():
    text = "– Mēs esam gatavi sarunām, – sacīja ministrs Ozols.\nViņš piebilda, ka tās sāksies pirmdien."
    an = analyse(text, language="lv")
    assert [(q.kind, q.speaker) for q in an.quotes if q.kind == "direct"] == [
        ("direct", "ministrs Ozols")]
    assert all(an.attributed_sentences)


def test_future_of_a_reporting_verb_is_no_attribution():
    text = "The more the bloc slanders us, the more clearly it will reveal its criminal nature."
    assert speakers(text) == []
    assert all(h["voice"] == "own" for h in loaded(text))


def test_source_before_a_which_clause_and_role_nouns():
    text = ("Earlier on Tuesday the state of Tarvik, which challenged the policy, said in a filing "
            "that the rule was unlawful.")
    assert speakers(text) == [("Tarvik", "said")]
    assert speakers("Critics of the plan said it was too costly.") == [
        ("Critics of the plan", "said")]
    [q] = analyse("Critics said the plan was too costly.").quotes
    assert q.anonymous


def test_passive_framing_verb_attributes_the_term_to_its_agent():
    text = "The marchers were branded terrorists by state television on Monday."
    assert speakers(text) == [("state television", "branded")]
    assert [h["voice"] for h in loaded(text)] == ["quoted"]
    # "an attack by terrorist groups" names the framing, not its author
    text = "The unrest was described as an attack by terrorist groups."
    assert speakers(text) == []
    assert [h["voice"] for h in loaded(text)] == ["own"]


def test_russian_comment_thread_is_its_own_voice():
    text = ("Переговоры в Тарвике завершились в пятницу без соглашения о пограничных переходах, "
            "сообщили в министерстве иностранных дел. Следующий раунд назначен на весну, "
            "заявил представитель ведомства.\n\n"
            "Иван_К\n26 ноября 2022 22:12\nОффлайн\nЭтот министр настоящий предатель.\n"
            "Ответить\nМара77\n27 ноября 2022 09:40\nСогласен.\n")
    ex = framing.extract(text, language="ru")
    assert len(ex.comments) == 1
    assert text[ex.comments[0]["start"]:].startswith("Иван_К")
    assert all(h["voice"] == "comment" for h in ex.comment_terms)
    assert not [h for h in ex.loaded_terms if h["voice"] == "own"]


# --- issue 12, loaded spans: repeated labels, literal senses, page furniture -----------------


def test_a_repeated_label_is_reported_once_with_its_count_and_later_uses():
    text = ("The regime closed the border on Monday. By Friday the regime had also shut the "
            "airport, and critics of the regime fled north.")
    [h] = loaded(text)
    assert (h["term"], h["count"], h["voice"]) == ("regime", 3, "own")
    assert text[h["start"]:h["end"]] == "regime" and h["start"] == text.index("regime")
    assert [text[s:e] for s, e in h["repeats"]] == ["regime", "regime"]
    # the features still count every use
    ex = framing.extract(text)
    assert ex.features["loaded_delegitimising_own_per_100w"] == pytest.approx(
        100 * 3 / ex.n_words)


def test_a_label_is_reported_once_per_voice():
    text = ('"The regime must go," the opposition leader said. Yesterday the regime answered, '
            "and the regime's ministers resigned.")
    hits = loaded(text)
    assert [(h["voice"], h["count"]) for h in hits] == [("quoted", 1), ("own", 2)]


def test_repeated_emotive_words_are_reported_at_every_use():
    text = "It was a disgraceful vote. The disgraceful deal passed. A disgraceful day."
    hits = loaded(text)
    assert [h["count"] for h in hits] == [1, 1, 1]
    assert all(h["repeats"] == [] for h in hits)


@pytest.mark.parametrize("text", [
    "The senator has long argued for regime change in Norland.",
    "Federal disaster relief reached the coast a week after the natural disaster.",
    "Two stealth bombers flew over the base on Tuesday.",
    "She is a Holocaust survivor who speaks at schools.",
    "Whatever lies ahead, the council will meet again in May.",
])
def test_a_loaded_word_in_its_literal_or_fixed_sense_is_no_loaded_term(text):
    assert loaded(text) == []


def test_the_same_words_outside_the_literal_phrase_stay_loaded():
    assert [h["term"] for h in loaded("The regime jailed the editors.")] == ["regime"]
    assert [h["term"] for h in loaded("The new policy is a disaster.")] == ["disaster"]
    # a longer loaded term that contains the literal phrase is kept
    assert [h["term"] for h in loaded("It was a regime change operation from the start.")] == [
        "regime change operation"]


def test_a_sentence_repeated_verbatim_gives_its_loaded_terms_once():
    box = "Which of these corrupt officials deserves to lose the next election?"
    text = (f"The council met on Monday to discuss the budget. {box} {box} "
            f"The mayor left early. {box}")
    hits = loaded(text)
    assert [h["term"] for h in hits] == ["corrupt"]
    assert hits[0]["start"] == text.index("corrupt")
    # short repeated lines ("Read more.") are not page furniture by this rule
    assert len(loaded("A shameful act. A shameful act.")) == 2


def test_emotive_judgments_and_exaggeration_are_loaded_language():
    text = ("The senator's sycophantic aides mounted a vitriolic campaign against the judge, an "
            "utterly bizarre spectacle that squandered the party's credibility.")
    terms = [h["term"] for h in loaded(text)]
    assert terms == ["sycophantic", "vitriolic", "utterly", "bizarre", "squandered"]
    assert {h["category"] for h in loaded(text)} == {"loaded_language"}
    # the same words in a fixed technical phrase are not
    assert loaded("Parliament met in an extraordinary session about toxic waste.") == []


def test_literal_and_formal_words_are_not_loaded_terms():
    # topic nouns of law and policy, forged objects, physical destruction, diplomatic register
    text = ("The court heard terrorism charges against two men. Police said they destroyed "
            "fake passports and found explosive material. The ministry called the delay "
            "unacceptable.")
    assert loaded(text) == []
    # the labels and judgments themselves stay
    assert [h["term"] for h in loaded("The terrorists were self-serving frauds.")] == [
        "terrorist", "self-serving"]


def test_plain_reporting_words_of_blame_and_praise_are_not_loaded():
    text = ("Workers staged a walkout after officials met behind the scenes. Two men who "
            "conspired to rob a bank were charged. The thriving port won unanimous support.")
    assert loaded(text) == []
    assert [h["term"] for h in loaded("The channel said the attack was staged.")] == ["staged"]

"""framing.sentiment must score exactly like vaderSentiment 3.3.2's polarity_scores."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from framing.sentiment import VaderScorer, get_scorer

REF = SentimentIntensityAnalyzer()
FAST = get_scorer()
TOL = 1e-9

# Written for this test: each line exercises one rule (or a combination) of VADER.
SENTENCES = [
    "",
    "   \t\n ",
    "?!.,;:",
    "... !!! ???",
    "42 3.14 1,000,000 2024",
    "The meeting is on Tuesday.",
    "The food was good.",
    "The food isn't good.",
    "The food is not good.",
    "Not bad at all",
    "It is never so good as this.",
    "It was never this bad.",
    "Without a doubt, a great idea.",
    "Without doubt excellent work.",
    "The food was very good.",
    "The food was extremely, incredibly good.",
    "The food was VERY good.",
    "The food was GOOD.",
    "THE FOOD WAS GOOD.",
    "The food was kind of good.",
    "The food was sort of bad, kinda.",
    "The food was just enough good.",
    "The plot was good, but the acting was bad.",
    "Good acting but terrible plot but great music.",
    "He is the least talented player.",
    "He is at least talented.",
    "Least good of all.",
    "It is very least good.",
    "The new phone is the bomb.",
    "With this update, the app is the shit!",
    "That guy is a bad ass.",
    "Wait at the bus stop.",
    "Yeah right, great job.",
    "It was the kiss of death for the plan.",
    "The cake was to die for.",
    "He can't cut the mustard any more.",
    "A beating heart of gold.",
    "I love it 😀",
    "I love it😀😀 and 💔",
    "No problem at all.",
    "No, it is not good.",
    "There is no love or hate here.",
    "No good, no bad, no",
    "NO NO NO",
    "no",
    "This is great!",
    "This is great!!!!!!",
    "Is this great??",
    "Is this great????",
    "Terrible?!?! Awful!!",
    "Make sure you :) or :D today!",
    "Not such a badass after all.",
    "Привет, это хорошо! Good news.",
    "ΣΟΦΟΣ is great. İstanbul is lovely.",
    "Ünïcödé “good” — ‘bad’ café",
    "She\u00a0loves\u2003it\u3000a lot.",
    "I don't hate it, I just don't love it.",
    "Nobody doesn't like a nice, sunny day.",
    "rarely good, seldom bad, despite joy",
]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_written_sentences_match_reference(sentence):
    ref = REF.polarity_scores(sentence)
    assert abs(FAST.compound(sentence) - ref["compound"]) <= TOL
    assert FAST.polarity_scores(sentence) == ref


def test_rules_actually_fire():
    # guard against a test list that only exercises the zero fast path
    non_zero = [s for s in SENTENCES if REF.polarity_scores(s)["compound"] != 0]
    assert len(non_zero) > 40


def test_scorer_is_cached_and_rejects_non_strings():
    assert get_scorer() is get_scorer()
    assert isinstance(get_scorer(), VaderScorer)
    with pytest.raises(TypeError):
        FAST.compound(None)  # type: ignore[arg-type]


WORDS = [
    # lexicon words (with valence)
    "good",
    "bad",
    "great",
    "love",
    "hate",
    "terrible",
    "nice",
    "happy",
    "sad",
    "kind",
    "doubt",
    "shit",
    "bomb",
    "ass",
    "badass",
    "die",
    "heart",
    "death",
    "joy",
    "win",
    ":)",
    ":(",
    ":D",
    ":-D",
    "lol",
    "sux",
    "no",
    # boosters and dampeners
    "very",
    "so",
    "extremely",
    "really",
    "most",
    "barely",
    "slightly",
    "kinda",
    "sort",
    "of",
    "just",
    "enough",
    "friggin",
    "uber",
    # negations
    "not",
    "isn't",
    "never",
    "without",
    "nor",
    "or",
    "can't",
    "dont",
    "wasn't",
    "n't",
    "none",
    "nothing",
    "despite",
    "rarely",
    # rule triggers and idiom words
    "least",
    "at",
    "but",
    "this",
    "the",
    "cut",
    "mustard",
    "to",
    "for",
    "bus",
    "stop",
    "yeah",
    "right",
    "kiss",
    "beating",
    # neutral words, numbers, punctuation, emoji, other scripts
    "it",
    "was",
    "a",
    "I",
    "he",
    "news",
    "2024",
    "3.5",
    "!",
    "?",
    "!!",
    "???",
    "...",
    ",",
    "😀",
    "💔",
    "👍",
    "—",
    "“good”",
    "(bad)",
    "'great'",
    "good!",
    "bad?",
    "хорошо",
    "ΣΟΦΟΣ",
    "İyi",
    "café",
]
SEPARATORS = [" ", " ", " ", "  ", "\t", "\n", "", "\u00a0", ", ", "!"]


@st.composite
def vader_sentences(draw):
    n = draw(st.integers(min_value=0, max_value=14))
    parts = []
    for _ in range(n):
        word = draw(st.sampled_from(WORDS))
        case = draw(st.sampled_from(["keep", "keep", "keep", "upper", "title"]))
        if case == "upper":
            word = word.upper()
        elif case == "title":
            word = word.title()
        parts.append(word)
        parts.append(draw(st.sampled_from(SEPARATORS)))
    return "".join(parts)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(vader_sentences())
def test_random_word_sentences_match_reference(sentence):
    ref = REF.polarity_scores(sentence)
    assert abs(FAST.compound(sentence) - ref["compound"]) <= TOL
    assert FAST.polarity_scores(sentence) == ref


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_arbitrary_text_matches_reference(sentence):
    ref = REF.polarity_scores(sentence)
    assert abs(FAST.compound(sentence) - ref["compound"]) <= TOL
    assert FAST.polarity_scores(sentence) == ref

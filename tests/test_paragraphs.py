"""Paragraph layout: framing.language.paragraphs and the mean_paragraph_words feature.

Every text here is written for the test, about invented events.
"""

from __future__ import annotations

import math

import pytest

from framing import extract
from framing.language import paragraphs

FEATURE = "mean_paragraph_words"


def _paras(text: str) -> list[str]:
    return [text[a:b] for a, b in paragraphs(text)]


def test_one_paragraph_a_line_blank_lines_or_not():
    text = "First paragraph here.\nSecond one here.\n\nThird one after a blank line."
    assert _paras(text) == ["First paragraph here.", "Second one here.",
                            "Third one after a blank line."]


def test_a_hard_wrapped_block_is_one_paragraph():
    text = ("The minister said on Monday that the\nprotests would be met with force and that\n"
            "the government had no plans to resign.\n\nCritics said the response was brutal and\n"
            "that the police had fired on a crowd of\nunarmed people in the main square.")
    paras = _paras(text)
    assert len(paras) == 2 and paras[0].startswith("The minister") and paras[0].endswith("resign.")
    assert extract(text).features[FEATURE] == pytest.approx((22 + 22) / 2)


def test_short_wire_paragraphs_against_long_commentary_paragraphs():
    wire = ("Police detained 40 people after the march, the ministry said.\n\n"
            "The march ended peacefully by evening, a spokesman said.\n\n"
            "Organisers said they would return on Saturday.")
    commentary = (
        "Let us be honest about what happened on Sunday, because nobody else in this town will "
        "be: the march was never about fuel prices, and everyone who watched the organisers "
        "work the cameras for three hours knows exactly what they wanted from the day.\n\n"
        "And the ministry, as always, pretended to be surprised by a crowd it had provoked for a "
        "month with its arrogance, its silence and its endless, insulting press releases about "
        "stability that nobody in the provinces has believed for years.")
    w = extract(wire).features[FEATURE]
    c = extract(commentary).features[FEATURE]
    assert 6 < w < 12 and c > 35


def test_captions_and_share_lines_are_not_body_paragraphs():
    text = ("Share\nPhoto: AP\nThe council voted to close the bridge for repairs.\n"
            "Work will start in May and last two months, officials said.")
    assert extract(text).features[FEATURE] == pytest.approx((9 + 11) / 2)


@pytest.mark.parametrize("text", [
    "",
    "A text pasted as one block, with no line breaks at all, has no layout to read.",
    "Only one body paragraph here, then a caption.\nPhoto: AP",
])
def test_missing_without_two_body_paragraphs(text):
    assert math.isnan(extract(text).features[FEATURE])

"""framing.extract on any input: no exception, finite-or-missing numbers, offsets that point at
the evidence they describe. Hypothesis for the space of strings, plus explicit bad inputs."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import framing
from framing import FEATURE_NAMES, extract
from framing.analysis import MAX_ANALYSIS_CHARS


def check_extraction(text: str, ex: framing.Extraction) -> None:
    """Invariants every extraction keeps, whatever the text."""
    assert list(ex.features) == list(FEATURE_NAMES)
    for name, v in ex.features.items():
        assert type(v) is float, (name, v)
        assert math.isfinite(v) or math.isnan(v), (name, v)
    vec = ex.vector()
    assert vec.shape == (len(FEATURE_NAMES),)
    seen = text[:MAX_ANALYSIS_CHARS] if ex.truncated else text
    n = len(seen)
    for q in ex.quotes:
        assert 0 <= q["start"] <= q["end"] <= n, q
        assert seen[q["start"] : q["end"]] == q["text"], q
        assert q["kind"] in ("direct", "reported")
    for h in ex.loaded_terms:
        assert 0 <= h["start"] <= h["end"] <= n, h
        assert seen[h["start"] : h["end"]] == h["matched"], h
        assert h["voice"] in ("own", "quoted")
    for c in ex.credits:
        assert 0 <= c["start"] <= c["end"] <= n, c
        # the stored credit text is its span without surrounding blanks
        assert seen[c["start"] : c["end"]].strip() == c["text"], c
    assert ex.n_words >= 0


# Text that looks like news: words, quote marks of every style, datelines, Cyrillic, newlines.
NEWSY = st.lists(
    st.sampled_from([
        "said", "told", "AFP", "Reuters", "(AP)", "—", "-", "--", "/ТАСС/.", "ALMATY,", "Jan",
        "10", "Mr.", "U.S.", "officials", "according", "to", "terrorists", "terror", "\"", "'",
        "“", "”", "«", "»", "„", "‘", "’", ":", ",", ".", "!", "?", "\n", "\n\n", "Reply",
        "2 hours ago", "заявил", "министр", "сказал", "Tokayev", "the", "ministry", "who",
        "declined", "to", "be", "named", "so-called", "Russophobic", "東京", "   ", "\t",
    ]),
    max_size=60,
).map(" ".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_any_string_gives_finite_or_missing_features_and_valid_offsets(text):
    check_extraction(text, extract(text))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NEWSY)
def test_any_newsy_token_soup_gives_valid_evidence(text):
    check_extraction(text, extract(text))


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", categories=["L", "P", "Zs", "Cc", "N"])))
def test_mixed_scripts_punctuation_and_control_chars(text):
    check_extraction(text, extract(text))


# --- explicit bad inputs ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t\r\n  ",
        "Hello",
        "no sentence punctuation at all just words running on and on for a while",
        "Latin words, кириллица и слова, 中文字符和标点。 mixed «together» in one „line“.",
        "\x00\x01\x02 control \x1b[31m chars \x7f",
        "\ufeffBOM then text",
        "'\"'\"'\"“”«»„‘’",  # only quote marks
        "\u200b\u200b\u200b",  # zero-width spaces
    ],
    ids=["empty", "whitespace", "one-word", "no-punctuation", "mixed-scripts", "control",
         "bom", "quote-marks-only", "zero-width"],
)
def test_awkward_text_is_handled(text):
    check_extraction(text, extract(text))


def test_binary_junk_decoded_as_latin1_is_handled():
    junk = bytes(range(256)) * 40 + b"\x89PNG\r\n\x1a\n" + bytes(reversed(range(256))) * 40
    text = junk.decode("latin-1")
    check_extraction(text, extract(text))


def test_empty_text_has_no_language_and_no_words():
    ex = extract("")
    assert ex.language is None
    assert ex.n_words == 0
    assert ex.quotes == ex.loaded_terms == ex.credits == []


def test_none_is_empty_text():
    assert extract(None).n_words == 0
    assert extract(None).language is None


def test_bytes_input_is_an_input_error():
    with pytest.raises(framing.InputError, match="bytes"):
        extract(b"The minister said the bridge would reopen.")


def test_bytes_input_error_is_a_value_error():
    with pytest.raises(ValueError):
        extract(b"text")


def test_non_string_input_is_an_input_error():
    with pytest.raises(framing.InputError):
        extract(12345)


def test_five_megabytes_of_text_completes_truncated():
    para = ("ALMATY, Jan 10 (Reuters) - Officials said on Monday the bridge would reopen. "
            '"We are ready," the mayor told reporters. Terrorists were blamed.\n')
    text = para * (5_000_000 // len(para) + 1)
    assert len(text) >= 5_000_000
    ex = extract(text)
    assert ex.truncated is True
    assert len(text) > MAX_ANALYSIS_CHARS
    assert ex.n_chars == MAX_ANALYSIS_CHARS
    check_extraction(text, ex)


def test_text_at_the_limit_is_not_truncated():
    text = ("word " * (MAX_ANALYSIS_CHARS // 5))[:MAX_ANALYSIS_CHARS]
    assert extract(text).truncated is False

"""Regression tests, one per bug found in review, named after what broke."""

import csv

import framing
from framing.analysis import analyse, find_credits
from framing.io.readers import decode_bytes


def test_russian_ukrainian_kazakh_agency_names_are_credits():
    for text, lang, agency in [
        ("Как передает ТАСС, министр заявил о победе.", "ru", "ТАСС"),
        ("Про це повідомляє Укрінформ.", "uk", "Укрінформ"),
        ("Бұл туралы Қазинформ хабарлайды.", "kk", "Қазинформ"),
    ]:
        assert [c.agency for c in find_credits(text, lang)] == [agency], text


def test_bracketed_aside_before_a_dash_is_not_an_agency_credit():
    text = "The regimes (North Korea and Iran) - those terrorist thugs - threaten us all."
    assert find_credits(text, "en") == []
    voices = {h["matched"]: h["voice"] for h in framing.extract(text).loaded_terms}
    assert voices["terrorist"] == "own" and voices["thugs"] == "own"


def test_credit_offsets_match_their_text_with_odd_spacing():
    for text in ("The minister told  AFP on Monday.", "Reuters   reported the news.",
                 "Reuters reported.", "  WASHINGTON (AP) — The vote was close."):
        for c in find_credits(text, "en"):
            assert text[c.start:c.end] == c.text, (text, c)


def test_kazakh_wildcard_speaker_roles_are_speakers():
    an = analyse("— Біз дайынбыз, — деді министр.", language="kk")
    assert [q.speaker for q in an.quotes if q.kind == "direct"] == ["министр"]


def test_says_and_according_to_count_as_neutral_attribution():
    says = "Prices rose in March, the central bank says. Growth slowed, the statistics office says."
    per = "Prices rose, according to the central bank. Growth slowed, according to the office."
    assert framing.extract(says).features["neutral_verb_share"] == 1.0
    assert framing.extract(per).features["neutral_verb_share"] == 1.0


def test_clean_utf8_longer_than_the_detection_sample_stays_utf8():
    data = ("x" * 262142 + "é naïve").encode()  # "é" is cut by the 256 KiB sample
    text, label = decode_bytes(data)
    assert label == "utf-8" and text.endswith("é naïve")


def test_non_string_text_is_an_error_row_not_an_exception():
    row = framing.Scorer(include_text=False).score(framing.Document(id="a", text=123))
    assert row["status"] == "error" and "string" in row["error"]
    assert "text" not in row


def test_report_from_csv_does_not_count_every_document_as_duplicate(tmp_path):
    from framing.report.reader import read_scores

    path = tmp_path / "scores.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "status", "duplicate_id", "truncated"])
        w.writerow(["a", "ok", "False", "False"])
        w.writerow(["b", "ok", "True", "False"])
    rows = read_scores(path)
    assert [r["duplicate_id"] for r in rows] == [False, True]

"""framing.Scorer: one output row per document, whatever happens to it.

Every text here is written for the test, about invented events.
"""

from __future__ import annotations

import json
import math

import pytest

import framing
from framing import Document, Scorer
from framing.schema import EVIDENCE_COLUMNS, LABELS, STATUSES, columns

WIRE = (
    "LISBON, June 4 (Reuters) - Portugal's port authority said on Wednesday that a new ferry "
    "terminal in the harbour would open in August, officials said. \"We expect the first ships "
    "before the summer ends,\" Ana Ribeiro, a spokeswoman for the authority, told reporters. The "
    "project cost 85 million euros, the ministry said in a statement. A contractor said work was "
    "on schedule, while two residents said the area had waited years for it. The authority said "
    "it would publish a timetable on Friday, according to a statement."
)
SHORT = "The ferry terminal opens in August, officials said."
CHINESE = (
    "市政府周二宣布，一座新的跨河大桥将于下月开通。交通部门表示，该项目耗资四十二亿元。"
    "当地居民说，多年来交通一直很拥挤。官员表示，他们将在周五公布时间表。"
    + "新桥的建设按计划进行，工人们每天都在工地上忙碌。" * 4
)
RUSSIAN = (
    "МОСКВА, 14 мая. Городские власти во вторник объявили, что новый мост через реку откроется "
    "в следующем месяце, сообщили в мэрии. «Мы ожидаем первых водителей уже в июне», — заявил "
    "журналистам заместитель мэра Иван Петров. По словам представителя подрядчика, работы идут по "
    "графику. Стоимость проекта составила четыре миллиарда рублей, сообщило министерство "
    "транспорта. Местные жители рассказали, что пробки в районе не прекращались много лет. В "
    "министерстве пообещали опубликовать расписание движения в пятницу. Как сообщает агентство, "
    "часть средств выделил региональный бюджет, а остальное добавила городская казна."
)

COLUMNS = columns(framing.FEATURE_NAMES)


@pytest.fixture(scope="module")
def scorer():
    return Scorer()


@pytest.fixture(scope="module")
def scorer_no_text(scorer):
    return Scorer(scorer.model, include_text=False, multilingual=scorer.multilingual)


def _docs():
    return {
        "ok": Document("a1", WIRE, source="t.jsonl:1", outlet="Northwire"),
        "empty": Document("a2", "", source="t.jsonl:2"),
        "blank": Document("a3", "   \n\t ", source="t.jsonl:3"),
        "none": Document("a4", None, source="t.jsonl:4"),  # type: ignore[arg-type]
        "short": Document("a5", SHORT, source="t.jsonl:5"),
        "chinese": Document("a6", CHINESE, source="t.jsonl:6"),
        "russian": Document("a7", RUSSIAN, source="t.jsonl:7"),
        "error": Document("a8", "", source="t.jsonl:8", error="line 8: not valid JSON"),
        "bytes": Document("a9", b"raw bytes", source="t.jsonl:9"),  # type: ignore[arg-type]
        "digits": Document("a10", "12345 !!! 678 ???", source="t.jsonl:10"),
    }


DOCS = _docs()


@pytest.fixture(scope="module")
def rows(scorer):
    return {k: scorer.score(d) for k, d in DOCS.items()}


@pytest.mark.parametrize("kind", list(DOCS))
def test_row_has_exactly_the_schema_columns(rows, scorer, kind):
    row = rows[kind]
    assert list(row) == COLUMNS
    assert list(row)[-1] == "text"
    assert scorer.columns() == COLUMNS
    assert row["status"] in STATUSES


# A bytes text (API misuse) gets an error row, but that row carries the raw bytes in ``text``;
# every text a reader produces is str, so strict JSON is checked on those.
@pytest.mark.parametrize("kind", [k for k in DOCS if k != "bytes"])
def test_row_is_strict_json(rows, kind):
    row = rows[kind]
    back = json.loads(json.dumps(row, allow_nan=False))
    assert back["id"] == row["id"]
    for col in EVIDENCE_COLUMNS:
        assert isinstance(row[col], list)
    assert isinstance(row["languages"], dict)


@pytest.mark.parametrize("kind", list(DOCS))
def test_feature_values_are_floats_or_none(rows, kind):
    row = rows[kind]
    for name in framing.FEATURE_NAMES:
        v = row[name]
        assert v is None or (type(v) is float and math.isfinite(v)), (name, v)
    for col in ("confidence", "p_wire", "p_state", "p_partisan"):
        v = row[col]
        assert v is None or (isinstance(v, float) and math.isfinite(v)), (col, v)


def test_ok_row(rows, scorer):
    row = rows["ok"]
    assert row["status"] == "ok"
    assert row["label"] == "wire"
    assert row["error"] is None and row["abstain_reason"] is None
    assert row["model"] == framing.SHIPPED_MODELS[0] == "framing-en-v3"
    assert row["feature_set"] == scorer.model.feature_set in ("style", "full")
    assert row["language"] == "en"
    assert row["id"] == "a1" and row["source"] == "t.jsonl:1" and row["outlet"] == "Northwire"
    assert row["text"] == WIRE
    assert row["n_chars"] == len(WIRE) and row["n_words"] >= 50
    probs = [row[f"p_{lab}"] for lab in LABELS]
    assert sum(probs) == pytest.approx(1.0, abs=1e-5)
    assert row["confidence"] == pytest.approx(max(probs))
    assert row["low_confidence"] is (row["confidence"] < scorer.model.low_confidence_below)
    assert row["dateline"] == 1.0
    assert row["credits"] and row["quotes"]
    assert row["top_features"]
    kinds = set()
    for d in row["top_features"]:
        kinds.add(d["kind"])
        if d["kind"] == "style":
            # a named family of n-grams ("style:reporting"), never a bare shape, with its spans
            assert set(d) == {"feature", "kind", "value", "contribution", "spans"}
            assert d["feature"].startswith("style:") and d["spans"]
            for start, end in d["spans"]:
                assert 0 <= start < end <= len(WIRE)
        else:
            assert d["kind"] in ("feature", "evidence")
            assert set(d) == {"feature", "kind", "value", "contribution"}
            assert d["feature"] in scorer.model.columns + scorer.model.evidence.columns
    assert "style" in kinds  # the English model explains with its style channel


def test_low_confidence_is_flagged_not_abstained(scorer):
    model = framing.load_model(framing.SHIPPED_MODELS[0])
    model.low_confidence_below = 1.01  # every real prediction is now under the threshold
    row = Scorer(model, multilingual=None).score(DOCS["ok"])
    assert row["status"] == "ok" and row["abstain_reason"] is None
    assert row["label"] == "wire" and row["low_confidence"] is True
    assert all(row[f"p_{lab}"] is not None for lab in LABELS) and row["top_features"]
    model.low_confidence_below = 0.0
    row = Scorer(model, multilingual=None).score(DOCS["ok"])
    assert row["status"] == "ok" and row["low_confidence"] is False


def test_nan_features_become_none(rows):
    # no quote in the short text: the share of attributed quotes is not measured (NaN -> None)
    raw = framing.extract(SHORT).features
    nan_names = [n for n, v in raw.items() if isinstance(v, float) and math.isnan(v)]
    assert nan_names, "expected at least one unmeasured feature on a one-sentence text"
    for n in nan_names:
        assert rows["short"][n] is None
    measured = [n for n, v in raw.items() if isinstance(v, float) and math.isfinite(v)]
    for n in measured:
        assert rows["short"][n] == pytest.approx(raw[n], abs=1e-6)


@pytest.mark.parametrize("kind", ["empty", "blank", "none"])
def test_empty_text_is_abstained_with_reason(rows, kind):
    row = rows[kind]
    assert row["status"] == "abstained"
    assert row["abstain_reason"].startswith("empty document")
    assert row["label"] is None and row["confidence"] is None
    assert row["low_confidence"] is None
    assert row["n_words"] == 0
    assert all(row[f"p_{lab}"] is None for lab in LABELS)


def test_short_text_is_abstained_with_reason(rows):
    row = rows["short"]
    assert row["status"] == "abstained"
    assert row["abstain_reason"].startswith("too short")
    assert row["label"] is None and row["confidence"] is None and row["low_confidence"] is None
    assert row["model"] == framing.SHIPPED_MODELS[0]
    assert row["n_words"] < 50
    assert row["top_features"] == []


def test_uncovered_language_is_abstained(rows):
    row = rows["chinese"]
    assert row["status"] == "abstained"
    assert row["language"] == "zh"
    assert "language 'zh' is not covered" in row["abstain_reason"]
    assert row["label"] is None


def test_text_without_words_is_abstained(rows):
    row = rows["digits"]
    assert row["status"] == "abstained"
    assert row["abstain_reason"].startswith("language")


def test_error_row(rows):
    row = rows["error"]
    assert row["status"] == "error"
    assert row["error"] == "line 8: not valid JSON"
    assert row["label"] is None and row["abstain_reason"] is None
    assert all(row[n] is None for n in framing.FEATURE_NAMES)
    assert all(row[c] == [] for c in EVIDENCE_COLUMNS)


def test_bytes_text_is_an_error_row_not_an_exception(rows):
    row = rows["bytes"]
    assert row["status"] == "error"
    assert "bytes" in row["error"]


def test_models_named_per_language(rows, scorer):
    assert scorer.multilingual is not None
    en, ru = rows["ok"], rows["russian"]
    assert en["model"] == "framing-en-v3" and en["feature_set"] == scorer.model.feature_set
    assert len(RUSSIAN.split()) >= 70
    assert ru["language"] == "ru"
    # a Russian model (framing-ru-v1), when shipped, comes before the multilingual one
    ru_model = scorer.classifier.model_for(framing.extract(RUSSIAN))
    assert ru["model"] == ru_model.name in ("framing-ru-v1", "framing-xx-v2")
    assert ru["feature_set"] == ru_model.feature_set
    assert ru["status"] == "ok"  # long enough and covered: a label, whatever the doubt
    assert ru["label"] in LABELS and ru["p_wire"] is not None
    assert isinstance(ru["low_confidence"], bool)
    if ru["model"] == "framing-xx-v2":
        assert ru["feature_set"] == "language-independent"
        assert ru["low_confidence"] is True  # every label of the multilingual model is flagged
        xx_cols = set(scorer.multilingual.columns)
        assert ru["top_features"]
        assert {d["feature"] for d in ru["top_features"]} <= xx_cols
        assert {d["kind"] for d in ru["top_features"]} == {"feature"}


def test_without_multilingual_model_russian_is_abstained(scorer):
    s = Scorer(scorer.model, multilingual=None)
    row = s.score(DOCS["russian"])
    assert row["model"] == "framing-en-v3"
    assert row["status"] == "abstained"
    assert "language 'ru' is not covered" in row["abstain_reason"]


@pytest.mark.parametrize("kind", list(DOCS))
def test_include_text_false_drops_text(scorer_no_text, kind):
    row = scorer_no_text.score(DOCS[kind])
    assert "text" not in row
    assert list(row) == COLUMNS[:-1]
    assert scorer_no_text.columns() == COLUMNS[:-1]
    json.dumps(row, allow_nan=False)


def test_score_is_repeatable(scorer):
    assert scorer.score(DOCS["ok"]) == scorer.score(DOCS["ok"])

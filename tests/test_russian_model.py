"""The Russian model (framing-ru-v1): routing, labels, and p_state on texts written for the test.

Every text here was written for this test (invented events and people); none comes from a
corpus. For Russian, p_state is the figure that matters (README, "Languages"): a text in the
manner of state media should get a higher p_state than a neutral news report.
"""

from __future__ import annotations

import json
import math

import pytest

import framing
from framing.cli import main
from framing.schema import LABELS

shipped = pytest.mark.skipif(
    "framing-ru-v1" not in framing.classifier.shipped_model_names(),
    reason="framing-ru-v1 is not shipped in this tree")

# Invented: a neutral, attributed news report (who said what, when, numbers, no own-voice terms).
NEUTRAL_NEWS = (
    "В городе Северогорске во вторник открылся новый мост через реку Талку, сообщили в "
    "администрации города. Строительство заняло два года и обошлось в 1,2 миллиарда рублей. "
    "По словам главы городского управления дорог Ирины Соколовой, мост рассчитан на четыре "
    "полосы движения и пешеходные дорожки. «Мы ожидаем, что пробки в центре сократятся "
    "примерно на треть», — сказала она журналистам. Как сообщает местная газета, первые "
    "автобусы пойдут по мосту в следующий понедельник. Жители района, опрошенные "
    "корреспондентом, в целом одобрили открытие, хотя некоторые пожаловались на шум во время "
    "работ. В администрации отметили, что ремонт старого моста начнётся весной."
)

# Invented: the manner of state media (own-voice loaded terms, blame on a foreign hand, the
# official line quoted at length, scare quotes around the other side's words).
STATE_STYLE = (
    "Западные кураторы киевского режима вновь пытаются переложить ответственность за "
    "собственные провокации на Россию. Так называемые «независимые эксперты», щедро оплаченные "
    "из-за океана, распространяют очередную порцию русофобских фейков. Как заявила официальный "
    "представитель МИД России, подобные вбросы — часть масштабной информационной войны против "
    "нашей страны. «Мы не позволим никому диктовать нам свою волю. Россия всегда защищала и "
    "будет защищать своих граждан», — подчеркнула она. Очевидно, что истерия в западных СМИ "
    "лишь прикрывает провал авантюры неонацистов, которых Запад годами накачивал оружием. "
    "Народ давно видит, кто на самом деле стоит за этой грязной кампанией лжи и ненависти."
)


@pytest.fixture(scope="module")
def clf():
    return framing.load_model()


@shipped
def test_russian_text_goes_to_the_russian_model(clf):
    assert clf.model_for("ru").name == "framing-ru-v1"
    [p] = clf.explain([NEUTRAL_NEWS])
    assert p.extraction.language == "ru"
    assert p.model == "framing-ru-v1"


@shipped
def test_label_and_probabilities(clf):
    for text in (NEUTRAL_NEWS, STATE_STYLE):
        [p] = clf.explain([text])
        assert p.label in LABELS and p.abstain_reason is None
        assert set(p.probabilities) == set(LABELS)
        assert math.isclose(sum(p.probabilities.values()), 1.0, abs_tol=1e-6)
        assert isinstance(p.low_confidence, bool)
    proba = clf.predict_proba([NEUTRAL_NEWS, STATE_STYLE])
    assert proba.shape == (2, 3)


@shipped
def test_state_styled_text_gets_higher_p_state_than_neutral_news(clf):
    neutral, state = clf.predict_proba([NEUTRAL_NEWS, STATE_STYLE])
    s = LABELS.index("state")
    assert state[s] > neutral[s]


@shipped
def test_cli_and_report_label_russian_with_the_russian_model(tmp_path):
    src = tmp_path / "ru.jsonl"
    src.write_text("".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n"
                           for i, t in (("news", NEUTRAL_NEWS), ("state", STATE_STYLE))),
                   encoding="utf-8")
    out, report = tmp_path / "out.jsonl", tmp_path / "r.html"
    assert main(["score", str(src), "-o", str(out), "--report", str(report), "-j", "1"]) == 0
    rows = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    lib = framing.load_model().predict_proba([NEUTRAL_NEWS, STATE_STYLE])
    for k, row in enumerate(rows.values()):
        assert row["model"] == "framing-ru-v1" and row["language"] == "ru"
        assert row["status"] == "ok" and row["label"] in LABELS
        assert abs(row["p_state"] - lib[k][LABELS.index("state")]) < 1e-6
    html = report.read_text(encoding="utf-8")
    assert "framing-ru-v1" in html


def test_outlet_labels_map_a_non_state_class_outlet_by_outlet(tmp_path):
    from framing.errors import InputError
    from framing.train import read_corpus

    src = tmp_path / "c.jsonl"
    rows = [("A", "state"), ("B", "other"), ("C", "other")]
    src.write_text("".join(json.dumps({"text": "т", "label": lab, "outlet": o}) + "\n"
                           for o, lab in rows), encoding="utf-8")
    c = read_corpus(src, outlet_labels={"B": "wire", "C": "partisan"})
    assert c.labels.tolist() == ["state", "wire", "partisan"]
    with pytest.raises(InputError, match="not one of"):
        read_corpus(src, outlet_labels={"B": "wire"})  # C keeps 'other'
    with pytest.raises(InputError, match="no outlet named 'D'"):
        read_corpus(src, outlet_labels={"B": "wire", "C": "partisan", "D": "wire"})


@shipped
def test_manifest_command_records_the_label_policy_and_calibration():
    import shlex

    m = json.loads((framing.load_model("framing-ru-v1").directory / "manifest.json")
                   .read_text(encoding="utf-8"))
    cmd = shlex.split(m["command"])
    assert cmd[:2] == ["framing", "train"] and "--no-eval" in cmd
    assert "Lenta.ru:wire" in cmd and "Nezavisimaya Gazeta:partisan" in cmd
    assert float(cmd[cmd.index("--temperature") + 1]) == m["temperature"]
    assert m["languages"] == ["ru"]

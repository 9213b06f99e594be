"""The report says what a label means for a model's languages (issue 13): the note a model was
trained with (``framing train --label-note``) appears beside the model, escaped."""

import framing
from framing.report import render_report

RU = ("Министр обороны заявил во вторник, что учения пройдут по плану. «Мы готовы», — сказал "
      "он журналистам. По словам представителя ведомства, в них примут участие тысячи военных. "
      "Эксперты считают, что учения станут крупнейшими за последние годы, сообщает агентство. "
      "Власти региона пообещали обеспечить безопасность жителей и рассказали о новых мерах.")


def test_russian_rows_show_what_a_russian_label_means(tmp_path):
    row = framing.Scorer().score(framing.Document(id="ru-1", text=RU, source="t"))
    assert row["model"] == "framing-ru-v1"
    out = render_report([row], tmp_path / "r.html")
    page = out.read_text(encoding="utf-8")
    note = framing.load_model("framing-ru-v1").manifest["label_note"]
    assert "p(state) is the figure that matters" in note
    assert "p(state) is the figure that matters" in page
    assert "&#39;not state&#39;" in page or "&#x27;not state&#x27;" in page  # escaped, not raw


def test_a_model_without_a_note_shows_none(tmp_path):
    text = ("Officials said on Monday that the bridge would open next month, according to a "
            "statement. ") * 8
    row = framing.Scorer().score(framing.Document(id="en-1", text=text, source="t"))
    page = render_report([row], tmp_path / "r.html").read_text(encoding="utf-8")
    assert "model-note" not in page.split("</dd>")[0].split('id="models"')[-1]

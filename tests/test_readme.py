"""The README's commands and its library example stay true; the feature table in docs/evidence.md
is generated from the registry."""

import re
from pathlib import Path

import framing
from framing.features import feature_table_markdown

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
EVIDENCE = REPO / "docs" / "evidence.md"


def test_feature_table_in_the_docs_matches_the_registry():
    assert feature_table_markdown() in EVIDENCE.read_text(encoding="utf-8"), (
        "docs/evidence.md feature table is stale: paste framing.features.feature_table_markdown() "
        "into it"
    )


def test_readme_holds_the_setup_and_test_commands():
    text = README.read_text(encoding="utf-8")
    assert "framing score examples/articles.jsonl" in text
    assert 'pip install -e ".[test]" && python -m pytest -q' in text
    assert (REPO / "examples" / "articles.jsonl").is_file()
    assert (REPO / "reports" / "example.html").is_file()


def test_readme_links_to_pages_that_exist():
    text = README.read_text(encoding="utf-8")
    links = re.findall(r"\]\(((?:docs|examples|reports)/[^)#]+)", text)
    assert links and all((REPO / link).exists() for link in links), links


def test_readme_tour_library_lines_run(monkeypatch):
    text = README.read_text(encoding="utf-8")
    tour = text[text.index("## A short tour"):text.index("## Documentation")]
    frame_block, pipeline_block = re.findall(r"```python\n(.*?)```", tour, flags=re.S)
    monkeypatch.chdir(REPO)
    ns: dict = {}
    exec(compile(frame_block, "README.md (score_frame)", "exec"), ns)  # noqa: S102
    articles, scores = ns["articles"], ns["scores"]
    assert len(scores) == len(articles) and list(scores["id"]) == list(articles["id"])
    assert scores.loc[0, "label"] == "wire" and {"p_wire", "quotes", "text"} <= set(scores)
    # the first pipeline anyone writes: no imputer, features not measured for some texts
    exec(compile(pipeline_block, "README.md (pipeline)", "exec"), ns)  # noqa: S102
    assert set(ns["pipe"].predict(articles["text"])) <= set(articles["outlet"])
    assert isinstance(framing.load_model(), framing.Classifier)


def test_readme_tour_scores_the_saved_pages_into_a_report_with_every_outlet(tmp_path, monkeypatch):
    import json

    from framing.cli import main

    text = README.read_text(encoding="utf-8")
    [command] = re.findall(r"^framing score examples/saved-pages/ .*$", text, flags=re.M)
    args = command.split()[1:]
    args[args.index("-o") + 1] = str(tmp_path / "scores.jsonl")
    args[args.index("--report") + 1] = str(tmp_path / "saved-pages.html")
    monkeypatch.chdir(REPO)
    assert main([args[0], "-q", "-j", "1", *args[1:]]) == 0
    rows = [json.loads(x) for x in (tmp_path / "scores.jsonl").read_text("utf-8").splitlines()]
    assert len(rows) == 10 and all(r["status"] == "ok" for r in rows)
    assert all(r["outlet"] and r["title"] and r["date"] for r in rows)
    outlets = {r["outlet"] for r in rows}
    assert len(outlets) == 7 and "harbourdaily.example" in outlets  # named by its domain
    for report in (tmp_path / "saved-pages.html", REPO / "reports" / "saved-pages.html"):
        html = report.read_text(encoding="utf-8")
        table = html[html.index('<table id="outlet-table"'):]
        table = table[:table.index("</table>")]
        shown = re.findall(r'<th scope="row" data-v="([^"]*)"', table)
        assert {s.replace("&amp;", "&") for s in shown} == outlets, report

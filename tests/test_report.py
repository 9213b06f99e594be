"""The HTML report (issue 5): readers, statistics, escaping and offline-ness at the HTML level.

Rows are written by hand here (``example_rows``), so these tests need neither the model nor
the feature extractor. ``tests/test_report_browser.py`` drives the same rows in Chromium.
"""

from __future__ import annotations

import argparse
import gzip
import html as html_lib
import json
import math
import re
from pathlib import Path

import pandas as pd
import pytest

from framing import schema
from framing.errors import FieldError, InputError
from framing.report import read_scores, render_report, wilson_interval
from framing.report.build import MAIN_FEATURES

# -- rows written for the tests ---------------------------------------------------------------

FEATURES = MAIN_FEATURES  # the features the report charts
COLUMNS = schema.columns(FEATURES)

PROBE_TITLE = '<img src=x onerror="window.__pwned=1"> & <script>window.__pwned=3</script>'
PROBE_BODY = (
    "Officials said the plan was a <script>window.__pwned=2</script> disaster. "
    '</textarea></script><svg onload="window.__pwned=4"> See javascript:alert(1) for more.'
)
PROBE_OUTLET = "Opinion <b>Post</b>"


def _span(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def make_row(
    i: int,
    *,
    outlet: str | None,
    label: str | None,
    text: str | None,
    status: str = "ok",
    title: str | None = None,
    url: str | None = None,
    **extra,
) -> dict:
    """One output row as ``framing score`` writes it (columns in schema order, text last)."""
    probs = {lab: (0.7 if lab == label else 0.15) for lab in schema.LABELS}
    row = {c: None for c in COLUMNS}
    row.update(
        id=f"doc-{i}",
        source=f"corpus.jsonl:{i + 1}",
        outlet=outlet,
        status=status,
        language="en",
        languages={"en": 1.0},
        model="framing-en-v3",
        feature_set="full",
        encoding="utf-8",
        truncated=False,
        duplicate_id=False,
        n_chars=len(text or ""),
        n_words=len((text or "").split()),
        text=text,
        quotes=[],
        loaded_terms=[],
        credits=[],
        top_features=[],
    )
    if status == "ok":
        row.update(
            label=label,
            confidence=max(probs.values()),
            low_confidence=False,
            **{f"p_{lab}": p for lab, p in probs.items()},
        )
    elif status == "abstained":
        row.update(
            abstain_reason="too short: 4 words, need 40",
            **{f"p_{lab}": 1 / 3 for lab in schema.LABELS},
        )
    else:
        row.update(error="binary file: not text (first bytes look like PDF)")
    if status != "error":
        row.update(
            attribution_per_100w=1.5 + i % 4,
            loaded_own_per_100w=0.3 * (i % 5),
            loaded_quoted_per_100w=0.2,
            quote_direct_per_100w=0.9,
            anonymous_source_share=None,  # not measured: must never be drawn as 0
            sentiment_mean=-0.1 * (i % 3),
            flesch_reading_ease=50.0 + i,
            first_person_per_100w=0.0,
            top_features=[
                {"feature": "attribution_per_100w", "value": 2.0, "contribution": 0.8},
                {"feature": "loaded_own_per_100w", "value": 0.4, "contribution": -0.3},
                {"feature": "credit_count", "value": 1.0, "contribution": 0.5},
            ],
        )
    if title is not None:
        row["title"] = title
    if url is not None:
        row["url"] = url
    row.update(extra)
    return row


def wire_evidence(i: int) -> dict:
    """A wire sentence: dateline, one attributed direct quote with a quoted loaded term, one
    own-voice loaded term, and an emoji before them (JavaScript counts it as two units)."""
    text = (
        f"HELSINKI (Reuters) - The ministry said on Tuesday it would \U0001f600 review the "
        f'budget. "We will publish the figures," the minister said. Critics called the plan '
        f"a scandal. Story {i}."
    )
    q0, q1 = _span(text, '"We will publish the figures,"')
    d0, d1 = _span(text, "HELSINKI (Reuters)")
    t0, t1 = _span(text, "scandal")
    p0, p1 = _span(text, "publish")
    return {
        "text": text,
        "quotes": [
            {
                "text": text[q0:q1],
                "speaker": "the minister",
                "verb": "said",
                "kind": "direct",
                "anonymous": False,
                "start": q0,
                "end": q1,
            }
        ],
        "credits": [
            {"text": text[d0:d1], "agency": "Reuters", "kind": "dateline", "start": d0, "end": d1}
        ],
        "loaded_terms": [
            {
                "term": "scandal",
                "matched": "scandal",
                "category": "moral",
                "voice": "own",
                "start": t0,
                "end": t1,
            },
            {
                "term": "publish",
                "matched": "publish",
                "category": "disclosure",
                "voice": "quoted",
                "start": p0,
                "end": p1,
            },
        ],
    }


OUTLETS = ("Daily Wire Service", "State Herald", "Opinion Post")


def example_rows() -> list[dict]:
    """Twelve documents: nine scored across three outlets, one abstention, one failure and one
    injection probe (title, body, outlet and url are all hostile)."""
    rows = [
        make_row(
            i,
            outlet=OUTLETS[i % 3],
            label=schema.LABELS[i % 3],
            title=f"Budget story {i}",
            url="https://example.org/story" if i == 0 else None,
            **wire_evidence(i),
        )
        for i in range(9)
    ]
    rows.append(
        make_row(
            9, outlet="State Herald", label=None, status="abstained", text="Too short to tell."
        )
    )
    rows.append(make_row(10, outlet="Opinion Post", label=None, status="error", text=None))
    s, e = _span(PROBE_BODY, "disaster")
    rows.append(
        make_row(
            11,
            outlet=PROBE_OUTLET,
            label="partisan",
            title=PROBE_TITLE,
            url="javascript:alert(1)",
            text=PROBE_BODY,
            loaded_terms=[
                {
                    "term": "disaster",
                    "matched": "disaster",
                    "category": "alarm",
                    "voice": "own",
                    "start": s,
                    "end": e,
                }
            ],
        )
    )
    return rows


EXPECTED = {"read": 12, "scored": 10, "abstained": 1, "failed": 1}


def write_scores(rows: list[dict], path: Path) -> Path:
    """Write rows the way ``framing score`` does: nested columns native in JSONL, JSON strings
    in CSV and Parquet."""
    name = path.name
    if name.endswith((".jsonl", ".jsonl.gz")):
        data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()
        path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
        return path
    flat = [
        {
            k: (json.dumps(v) if k in schema.JSON_COLUMNS and v is not None else v)
            for k, v in r.items()
        }
        for r in rows
    ]
    frame = pd.DataFrame(flat, columns=list(rows[0]))
    if name.endswith((".csv", ".csv.gz")):
        frame.to_csv(path, index=False)
    else:
        frame.to_parquet(path, index=False)
    return path


def data_block(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="data">(.*?)</script>', html, re.DOTALL)
    assert m, "no data block"
    data = json.loads(m.group(1))
    keys = data[
        "doc_keys"
    ]  # documents travel as arrays; turn them back into dicts as the page does
    data["docs"] = [{k: v for k, v in zip(keys, doc) if v is not None} for doc in data["docs"]]
    return data


# -- statistics --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "k,n,lo,hi",
    [
        (5, 10, 0.2366, 0.7634),  # symmetric around 0.5
        (0, 10, 0.0, 0.2775),  # stays inside [0, 1] where the normal interval would not
        (10, 10, 0.7225, 1.0),
        (1, 3, 0.0615, 0.7923),
        (81, 263, 0.2553, 0.3662),  # Newcombe (1998) style worked value
    ],
)
def test_wilson_interval_values(k, n, lo, hi):
    got = wilson_interval(k, n)
    assert got == pytest.approx((lo, hi), abs=1e-4)


def test_wilson_interval_small_outlet_is_wider_than_large_one():
    lo3, hi3 = wilson_interval(2, 3)
    lo300, hi300 = wilson_interval(200, 300)
    assert hi3 - lo3 > 4 * (hi300 - lo300)


def test_wilson_interval_of_nothing_is_everything_and_bad_counts_raise():
    assert wilson_interval(0, 0) == (0.0, 1.0)
    with pytest.raises(ValueError):
        wilson_interval(4, 3)


# -- readers -----------------------------------------------------------------------------------

FORMATS = ["scores.jsonl", "scores.csv", "scores.parquet", "scores.jsonl.gz", "scores.csv.gz"]


@pytest.mark.parametrize("name", FORMATS)
def test_read_scores_gives_native_rows_in_every_format(tmp_path, name):
    rows = read_scores(write_scores(example_rows(), tmp_path / name))
    assert len(rows) == 12
    first = rows[0]
    assert first["id"] == "doc-0"
    assert isinstance(first["quotes"], list) and first["quotes"][0]["kind"] == "direct"
    assert first["languages"] == {"en": 1.0}
    assert first["confidence"] == pytest.approx(0.7)
    assert first["anonymous_source_share"] is None  # not measured stays None, never 0
    assert rows[10]["status"] == "error" and rows[10]["label"] is None
    assert rows[11]["title"] == PROBE_TITLE and rows[11]["text"] == PROBE_BODY


def test_csv_keeps_an_outlet_called_NA(tmp_path):
    rows = example_rows()
    rows[0]["outlet"] = "NA"
    assert read_scores(write_scores(rows, tmp_path / "s.csv"))[0]["outlet"] == "NA"


def test_read_scores_names_the_problem(tmp_path):
    with pytest.raises(InputError, match="unknown scores format"):
        read_scores(write_scores(example_rows(), tmp_path / "s.jsonl").rename(tmp_path / "s.txt"))
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "status": "ok"}\nnot json\n')
    with pytest.raises(InputError, match="line 2 of"):
        read_scores(bad)
    other = tmp_path / "other.csv"
    other.write_text("id,text\n1,hello\n")
    with pytest.raises(FieldError, match="'status' is missing"):
        read_scores(other)


# -- the report --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", FORMATS)
def test_report_renders_from_every_format_with_the_same_counts(tmp_path, name):
    scores = write_scores(example_rows(), tmp_path / name)
    out = render_report(scores, tmp_path / "out" / "report.html")
    html = out.read_text(encoding="utf-8")
    for key, n in EXPECTED.items():
        assert f'id="n-{key}" data-n="{n}"' in html
    data = data_block(html)
    assert len(data["docs"]) == 12
    assert [d["id"] for d in data["docs"]] == [f"doc-{i}" for i in range(12)]
    assert "corpus.jsonl" in html  # corpus name from the source column


def test_report_is_the_same_whatever_the_format(tmp_path):
    blocks = []
    for name in ("s.jsonl", "s.csv", "s.parquet"):
        html = render_report(
            write_scores(example_rows(), tmp_path / name), tmp_path / f"{name}.html"
        )
        blocks.append(data_block(html.read_text(encoding="utf-8")))
    assert blocks[0] == blocks[1] == blocks[2]


def test_untrusted_text_comes_out_inert(tmp_path):
    html = render_report(example_rows(), tmp_path / "r.html").read_text(encoding="utf-8")
    # our own two script elements only: the JSON data and the page's code
    assert len(re.findall(r"<script\b", html, re.IGNORECASE)) == 2
    assert len(re.findall(r"</script", html, re.IGNORECASE)) == 2
    assert not re.search(r"<img\b", html, re.IGNORECASE)
    assert not re.search(r"<svg\s+onload", html, re.IGNORECASE)
    assert "</textarea>" not in html
    assert "<b>Post</b>" not in html
    assert "Opinion &lt;b&gt;Post&lt;/b&gt;" in html  # the outlet is shown, as text
    # the probes survive intact in the data, for the script to show them with textContent
    probe = data_block(html)["docs"][11]
    assert probe["t"] == PROBE_TITLE and probe["x"] == PROBE_BODY
    assert probe["u"] == "javascript:alert(1)"
    assert 'href="javascript' not in html.lower()


def test_the_page_never_reaches_the_network(tmp_path):
    html = render_report(example_rows(), tmp_path / "r.html").read_text(encoding="utf-8")
    assert not re.search(
        r"""(?:src|href|action|xlink:href)\s*=\s*["']?\s*(?:https?:)?//""", html, re.IGNORECASE
    )
    assert not re.search(r"@import|url\(\s*['\"]?(?:https?:)?//", html, re.IGNORECASE)
    assert "http://" not in html and "https://" not in html.replace(
        '"https://example.org/story"', ""
    )
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert csp and "default-src 'none'" in html_lib.unescape(csp.group(1))
    assert (
        "innerHTML" not in html
        and "insertAdjacentHTML" not in html
        and "document.write" not in html
    )


def test_not_measured_is_not_zero(tmp_path):
    html = render_report(example_rows(), tmp_path / "r.html").read_text(encoding="utf-8")
    # anonymous_source_share is None in every row: its box plot says so for every label
    box = html[html.index("Sources left unnamed (share) by label") :]
    box = box[: box.index("</svg>")]
    assert box.count('">not measured</text>') == 3
    doc = data_block(html)["docs"][0]
    assert doc["f"][4] is None


def test_label_table_counts_and_wilson_interval(tmp_path):
    html = render_report(example_rows(), tmp_path / "r.html").read_text(encoding="utf-8")
    table = html[
        html.index('id="label-table"') : html.index("</table>", html.index('id="label-table"'))
    ]
    # overall: 10 scored, 3 wire -> 30% with Wilson interval 11%-60%
    lo, hi = wilson_interval(3, 10)
    assert f'3 · 30%<br><span class="ci">{100 * lo:.0f}%–{100 * hi:.0f}%</span>' in table
    for outlet in OUTLETS:
        assert f'<th scope="row">{outlet}</th>' in table


def test_highlight_offsets_count_utf16_units_for_javascript(tmp_path):
    rows = example_rows()
    data = data_block(render_report(rows, tmp_path / "r.html").read_text(encoding="utf-8"))
    text = rows[0]["text"]
    start, end = _span(text, "scandal")
    doc = data["docs"][0]
    term = next(t for t in doc["lt"] if data["categories"][t[2]] == "moral")
    utf16 = lambda i: len(text[:i].encode("utf-16-le")) // 2
    assert term[:2] == [utf16(start), utf16(end)] == [start + 1, end + 1]  # one emoji before it


def test_texts_beyond_the_first_n_are_trimmed_to_snippets(tmp_path):
    data = data_block(
        render_report(
            example_rows(), tmp_path / "r.html", full_text_limit=2, snippet_chars=40
        ).read_text(encoding="utf-8")
    )
    docs = data["docs"]
    assert "cut" not in docs[0] and "cut" not in docs[1]
    assert len(docs[2]["x"]) == 40 and docs[2]["cut"] > 40
    assert all(t[1] <= 40 for t in docs[2].get("lt", []))  # spans past the snippet are dropped
    assert data["trimmed"] == 8  # docs 2-8 and the probe; doc-9's text is short, doc-10 has none


def test_model_metrics_are_read_when_present(tmp_path):
    model = tmp_path / "models" / "framing-en-v3"
    model.mkdir(parents=True)
    outlet = {"scheme": "leave one outlet out", "macro_f1": 0.8123}
    (model / "metrics.json").write_text(
        json.dumps(  # as framing train writes it (format 2): held-out figures per protocol
            {
                "model": "framing-en-v3",
                "version": "2",
                "trained_at": "2025-01-02T10:00:00+00:00",
                "held_out": {"outlet": outlet,
                             "outlet_degraded": dict(outlet, macro_f1=0.7001)},
                "grouped_cv": outlet,
            }
        )
    )
    (model / "MODEL_CARD.md").write_text("# card\n")
    html = render_report(example_rows(), tmp_path / "a.html", model_dir=model).read_text(
        encoding="utf-8"
    )
    assert "0.812" in html and "version 2," in html and "MODEL_CARD.md" in html
    assert "0.700" not in html
    html = render_report(
        example_rows(), tmp_path / "b.html", model_dir=tmp_path / "models"
    ).read_text(encoding="utf-8")
    assert "0.812" in html
    html = render_report(
        example_rows(), tmp_path / "c.html", model_dir=tmp_path / "nowhere"
    ).read_text(encoding="utf-8")
    assert 'grouped-CV macro-F1: <strong class="f1">not available</strong>' in html


def test_report_without_outlets_text_or_features_still_renders(tmp_path):
    rows = [{"id": str(i), "status": "ok", "label": "wire", "confidence": 0.9} for i in range(3)]
    html = render_report(rows, tmp_path / "r.html").read_text(encoding="utf-8")
    assert 'id="n-read" data-n="3"' in html
    assert "No scatter" in html
    assert data_block(html)["docs"][0]["id"] == "0"


def test_json_for_script_cannot_end_the_block():
    from framing.report.build import json_for_script

    out = json_for_script({"x": "</script><!-- & \u2028"})
    assert "<" not in out and ">" not in out and "&" not in out
    assert json.loads(out) == {"x": "</script><!-- & \u2028"}


def test_cli_report_writes_the_file(tmp_path, capsys):
    from framing.cli import report as report_cli

    parser = argparse.ArgumentParser(prog="framing")
    report_cli.add_parser(parser.add_subparsers(dest="command"))
    scores = write_scores(example_rows(), tmp_path / "s.parquet")
    out = tmp_path / "reports" / "x.html"
    args = parser.parse_args(
        [
            "report",
            str(scores),
            "-o",
            str(out),
            "--title",
            "T <1>",
            "--snippet-chars",
            "100",
            "--full-text-limit",
            "1",
        ]
    )
    assert args.func(args) == 0
    assert "<title>T &lt;1&gt;</title>" in out.read_text(encoding="utf-8")
    assert "wrote" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        parser.parse_args(["report", str(scores), "-o", str(out), "--snippet-chars", "-3"])


def test_scatter_axes_and_main_features_are_adjustable_constants():
    from framing.report import build

    assert build.SCATTER_X == "attribution_per_100w" and build.SCATTER_Y == "loaded_own_per_100w"
    assert set(FEATURES) <= set(build.MAIN_FEATURES)
    assert all(math.isfinite(len(f)) for f in build.MAIN_FEATURES)


def test_snippets_shrink_to_fit_the_size_budget(tmp_path):
    rows = [make_row(i, outlet="A", label="wire", text="word " * 400) for i in range(20)]
    free = render_report(
        rows, tmp_path / "free.html", full_text_limit=2, snippet_chars=1000, max_mb=None
    )
    size = free.stat().st_size
    assert "shortened from" not in free.read_text(encoding="utf-8")
    budget = size - 5000
    tight = render_report(
        rows, tmp_path / "tight.html", full_text_limit=2, snippet_chars=1000, max_mb=budget / 1e6
    )
    html = tight.read_text(encoding="utf-8")
    assert tight.stat().st_size <= budget
    assert "shortened from 1000 to keep this file under" in html
    docs = data_block(html)["docs"]
    assert len(docs[0]["x"]) == 2000  # the first N keep their full text
    assert 160 <= len(docs[5]["x"]) < 1000


# -- issue 14: a report a journalist can read ----------------------------------------------------


def style_rows() -> list[dict]:
    """Rows as the classifier writes them once style evidence lands: ``top_features`` items with
    ``kind`` ("style" n-grams with character ``spans``, or "feature"), and ``low_confidence``."""
    rows = example_rows()
    for r in rows[:9]:
        text = r["text"]
        said = [[m.start(), m.end()] for m in re.finditer("said", text)]
        crit = _span(text, "Critics called")
        r["top_features"] = [
            {"feature": "attribution_per_100w", "kind": "feature", "value": 2.0,
             "contribution": 0.8},
            {"feature": "said", "kind": "style", "value": 2, "contribution": 0.4, "spans": said},
            {"feature": "critics called", "kind": "style", "value": 1, "contribution": -0.2,
             "spans": [list(crit)]},
            {"feature": "loaded_own_per_100w", "value": 0.4, "contribution": -0.3},  # old row
        ]
        r["low_confidence"] = r["id"] == "doc-4"
    return rows


def test_every_feature_has_a_plain_title_in_the_registry():
    from framing.features import REGISTRY, TITLES

    assert set(TITLES) == {f.name for f in REGISTRY}
    for f in REGISTRY:
        assert f.title and f.title != f.name and "_" not in f.title, f.name


def test_features_are_named_in_plain_words_with_the_code_name_on_hover(tmp_path):
    from framing.features import FEATURES

    html = render_report(example_rows(), tmp_path / "r.html").read_text(encoding="utf-8")
    data = data_block(html)
    assert data["feature_titles"] == [FEATURES[f].title for f in MAIN_FEATURES]
    for code in MAIN_FEATURES:  # box plots: the title drawn, the code name in <title> and data-
        assert f'data-feature="{code}"' in html
        assert f">{FEATURES[code].title}</text>".replace("'", "&#39;").replace('"', "&#34;") in html
    contrib = {c[0]: c for c in data["contrib_features"]}
    assert contrib["attribution_per_100w"][1] == FEATURES["attribution_per_100w"].title
    assert contrib["credit_count"][1] == "Credit count"  # unknown to the registry: still readable


def test_title_names_the_input_and_the_document_count(tmp_path):
    html = render_report(example_rows(), tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<title>Framing report: corpus.jsonl (12 documents)</title>" in html
    rows = example_rows()
    for i, r in enumerate(rows):  # a folder read by absolute path, as `framing score /data/x/`
        r["source"] = f"/data/ukraine-coverage/{r['outlet']}/{i}.txt"
    html = render_report(rows, tmp_path / "r2.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", html).group(1)
    assert not title.endswith(": ") and "12 documents" in title, title
    for r in rows:
        r["source"] = None
    html = render_report(rows[:1], tmp_path / "r3.html").read_text(encoding="utf-8")
    assert "<title>Framing report: scores (1 document)</title>" in html


def test_outlet_sentences_come_from_the_scores(tmp_path):
    rows = style_rows()
    html = render_report(rows, tmp_path / "r.html").read_text(encoding="utf-8")
    block = html[html.index('id="outlet-sentences"') : html.index("</ul>", html.index('id="outlet-sentences"'))]
    # Daily Wire Service: docs 0, 3, 6, all labelled wire, one own-voice "scandal" each, quotes
    # a named speaker ("the minister" - an office) in every one
    line = re.search(r"<li><strong>Daily Wire Service</strong>: (.*?)</li>", block).group(1)
    line = html_lib.unescape(line)
    assert line.startswith("3 of 3 articles read as wire reporting;"), line
    assert "“scandal” 3 times" in line and "named sources in 3 of 3, officials in 3" in line
    # State Herald: 3 labelled state, one of them low-confidence; one abstention
    line = html_lib.unescape(re.search(r"<strong>State Herald</strong>: (.*?)</li>", block).group(1))
    assert line.startswith("3 of 4 articles read as state framing (1 with low confidence); 1 was not labelled")
    # the comparison menu has every outlet, largest first
    outlets = data_block(html)["outlets"]
    assert [o[0] for o in outlets][:2] == ["Opinion Post", "State Herald"]
    assert html.count("low-confidence<br>") == 1  # the label table gains the column


def test_style_evidence_spans_reach_the_page_in_javascript_units(tmp_path):
    rows = style_rows()
    data = data_block(render_report(rows, tmp_path / "r.html").read_text(encoding="utf-8"))
    doc = data["docs"][0]
    kinds = {c[0]: c[3] for c in data["contrib_features"]}
    assert kinds["said"] == kinds["critics called"] == 1
    assert kinds["attribution_per_100w"] == kinds["loaded_own_per_100w"] == 0
    style = [tf for tf in doc["tf"] if data["contrib_features"][tf[0]][3]]
    text = doc["x"]
    said = next(tf for tf in style if data["contrib_features"][tf[0]][0] == "said")
    # the emoji before the spans is two units in JavaScript: offsets shift by one
    js = text.encode("utf-16-le")
    for s, e in said[3]:
        assert js[2 * s : 2 * e].decode("utf-16-le") == "said"
    assert data["docs"][4]["lc"] == 1 and "lc" not in data["docs"][1]


def test_plural_slips_are_gone(tmp_path):
    rows = example_rows()
    rows[0]["languages"] = {"en": 0.8, "fi": 0.2}
    html = render_report(rows, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "1 document mixes languages" in html and not re.search(r"\b1 documents", html)
    assert ", 1 docs<" not in html


def test_the_real_article_example_is_attributed_and_rendered():
    root = Path(__file__).resolve().parents[1]
    rows = [json.loads(line) for line in (root / "examples" / "invasion-2022-press.jsonl").open(encoding="utf-8")]
    assert 10 <= len(rows) <= 40 and len({r["outlet"] for r in rows}) >= 2
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        assert r["licence"].startswith("CC BY 4.0") and r["url"].startswith(("https://www.president.gov.ua/", "http://en.kremlin.ru/"))
        assert len(r["text"].split()) >= 50
    html = (root / "reports" / "invasion-2022-press.html").read_text(encoding="utf-8")
    assert 'id="outlet-sentences"' in html and "Office of the President of Ukraine</strong>:" in html
    assert "invasion-2022-press.jsonl (22 documents)" in html


# -- a dataset too large for one page: every row counted, a sample of documents shown ----------


def skewed_rows(n: int = 60) -> list[dict]:
    """Documents whose evenly spaced sample (every 6th) misrepresents the corpus: labels, outlets,
    loaded terms, quotes, failures and abstentions all fall off the sample's grid."""
    rows = []
    for i in range(n):
        outlet = OUTLETS[(i // 2) % 3] if i % 5 else "Border Gazette"
        status = "error" if i % 13 == 7 else "abstained" if i % 11 == 4 else "ok"
        label = schema.LABELS[(i * i) % 3] if status == "ok" else None
        text = f"Officials said the regime moved. Critics called it a scandal. Story {i}."
        terms = []
        if i % 4 in (1, 2):
            s, e = _span(text, "regime")
            terms.append({"term": "regime", "matched": "regime", "category": "delegitimising",
                          "voice": "own" if i % 4 == 1 else "quoted", "start": s, "end": e})
        if i % 3 == 2:
            s, e = _span(text, "scandal")
            terms.append({"term": "Scandal" if i == 2 else "scandal", "matched": "scandal",
                          "category": "moral", "voice": "own", "start": s, "end": e})
        quotes = []
        if i % 7 in (1, 3):
            s, e = _span(text, "the regime moved")
            quotes.append({"text": text[s:e], "speaker": "the interior minister" if i % 7 == 1
                           else "", "anonymous": i % 7 == 3, "kind": "indirect",
                           "start": s, "end": e})
        row = make_row(i, outlet=outlet, label=label, status=status,
                       text=None if status == "error" else text, title=f"Story {i}",
                       loaded_terms=terms, quotes=quotes,
                       language="ru" if i % 9 == 5 else "en", truncated=i % 17 == 3,
                       scored_at=f"2026-11-{1 + i % 20:02d}")
        if status == "ok":
            row["low_confidence"] = i % 8 == 5
            row["p_wire"] = 0.2 + (i % 10) / 20
        if status != "error":
            row["sentiment_mean"] = -0.05 * (i % 9)
            row["attribution_per_100w"] = 0.5 * (i % 7)
        rows.append(row)
    return rows


def write_dataset(rows: list[dict], folder: Path, parts: int) -> Path:
    """A Parquet dataset folder as 'framing score --dask' writes it: one schema, part files in
    input order (part.10 after part.9), nested columns as JSON strings."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    flat = [{k: (json.dumps(v) if k in schema.JSON_COLUMNS and v is not None else v)
             for k, v in r.items()} for r in rows]
    table = pa.Table.from_pandas(pd.DataFrame(flat, columns=list(rows[0])), preserve_index=False)
    folder.mkdir()
    size = math.ceil(len(rows) / parts)
    for k in range(parts):
        pq.write_table(table.slice(k * size, size), folder / f"part.{k}.parquet")
    return folder


def corpus_sections(html: str) -> dict[str, str]:
    """The parts of a page that show corpus-level numbers (not the document sample)."""
    def cut(start: str, end: str) -> str:
        i = html.index(start)
        return html[i:html.index(end, i)]

    data = data_block(html)
    return {
        "cards": cut('<div class="cards">', "</div>\n  <dl"),
        "languages": cut('<dd id="languages">', "</dd>"),
        "models": re.sub(r"trained [^ ]+", "", cut('<dd id="models">', "</dd>\n")),
        "outlets": cut('<ul id="outlet-sentences"', "</ul>"),
        "labels": cut('<section id="labels"', "</section>"),
        "boxes": cut('<div class="boxes">', '<p class="muted">Box'),
        "terms": cut('<section id="terms"', "</section>"),
        "reasons": cut('<table id="reason-table">', "</table>"),
        "compare": json.dumps(data["outlets"]),
    }


def test_large_dataset_counts_every_row_and_shows_a_sample(tmp_path, capsys):
    from framing.cli import main
    from framing.report.aggregate import dataset_stats, rows_stats
    from framing.report.build import build_html

    rows = skewed_rows(60)
    folder = write_dataset(rows, tmp_path / "scores.parquet", parts=11)
    every = normalise(rows)
    # the numbers computed from all rows, in memory (the same code as any small report)
    full = corpus_sections(build_html(every, full_text_limit=0))
    sample_rows = read_scores(folder, max_rows=10)
    assert [r["id"] for r in sample_rows] == [f"doc-{i}" for i in range(0, 60, 6)]
    sample_only = corpus_sections(build_html(sample_rows, full_text_limit=0))

    out = tmp_path / "report.html"
    assert main(["report", str(folder), "-o", str(out), "--sample-rows", "10"]) == 0
    err = capsys.readouterr().err
    assert "a sample of 10 of 60 documents" in err and "batch by batch" in err
    html = out.read_text(encoding="utf-8")
    got = corpus_sections(html)
    for name, section in full.items():
        assert got[name] == section, name  # every corpus-level number is the corpus's
        if name not in ("models",):
            assert section != sample_only[name], name  # and the test would see the sample's
    assert 'data-n="60"' in got["cards"] and "(60 documents)</title>" in html
    # the document table and view are the sample, and the page says so
    assert [d["id"] for d in data_block(html)["docs"]] == [r["id"] for r in sample_rows]
    note = re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", "", html)))
    assert ("The document table and the document view show a sample: 10 of the 60 documents, "
            "evenly spaced in input order." in note)
    assert "A sample: 10 of the 60 documents" in note
    assert "Those in the document sample" in note

    # the counts themselves, batch by batch or all at once, are the same
    a, b = dataset_stats(folder, batch_rows=4), rows_stats(every)
    for attr in ("rows", "status", "languages", "truncated", "models", "reasons", "inputs",
                 "run_first", "run_last", "labels_seen", "category_voice", "outlet_own"):
        assert getattr(a, attr) == getattr(b, attr), attr
    assert a.terms == b.terms and list(a.terms) == list(b.terms)  # first spelling kept
    assert {k: sorted(v) for k, v in a.feature_values["wire"].items()} == {
        k: sorted(v) for k, v in b.feature_values["wire"].items()}
    for name, g in b.outlets.items():
        h = a.outlets[name]
        assert (h.docs, h.labels, h.low, h.words, h.terms, h.named, h.official, h.anonymous,
                list(h.attribution)) == (g.docs, g.labels, g.low, g.words, g.terms, g.named,
                                         g.official, g.anonymous, list(g.attribution))
        assert all(math.fsum(h.p_sum[k]) == math.fsum(g.p_sum[k]) for k in g.p_sum)

    # a small dataset is on the page whole, with no sample note
    small = tmp_path / "small.html"
    assert main(["report", str(folder), "-o", str(small)]) == 0
    assert "sample" not in capsys.readouterr().err
    assert "Documents shown" not in small.read_text(encoding="utf-8")
    with pytest.raises(SystemExit):
        main(["report", str(folder), "-o", str(small), "--sample-rows", "0"])
    capsys.readouterr()
    # --dask reports a dataset folder only
    single = write_scores(rows, tmp_path / "one.parquet")
    assert main(["report", str(single), "-o", str(small), "--dask", "local"]) == 2
    assert "dataset folder" in capsys.readouterr().err


def normalise(rows: list[dict]) -> list[dict]:
    from framing.report.reader import normalise_rows

    return normalise_rows(rows)


def test_a_repeated_label_counts_every_use_and_highlights_each(tmp_path):
    """A label repeated in a document is one evidence item with ``count`` and ``repeats``
    (framing.extractors.loaded.evidence_hits): the report counts and marks every use."""
    from framing.report.aggregate import rows_stats

    text = "The junta met. Later the junta spoke, and the junta left."
    starts = [i for i in range(len(text)) if text.startswith("junta", i)]
    term = {"term": "junta", "matched": "junta", "category": "delegitimising", "voice": "own",
            "start": starts[0], "end": starts[0] + 5, "count": 3,
            "repeats": [[s, s + 5] for s in starts[1:]]}
    rows = [make_row(0, outlet="State Herald", label="state", text=text, loaded_terms=[term])]
    stats = rows_stats(rows)
    assert stats.terms[("delegitimising", "junta")][1] == 3  # own-voice uses
    assert stats.outlets["State Herald"].terms["junta"] == 3
    data = data_block(render_report(rows, tmp_path / "r.html").read_text(encoding="utf-8"))
    assert [t[:2] for t in data["docs"][0]["lt"]] == [[s, s + 5] for s in starts]


# -- issue 21: the report for a corpus of outlets -------------------------------------------------


def _outlet_table(html: str) -> str:
    start = html.index('<table id="outlet-table"')
    return html[start:html.index("</table>", start)]


def test_the_outlet_table_lists_every_outlet_above_the_comparison(tmp_path):
    rows = example_rows()
    html = render_report(rows, tmp_path / "r.html").read_text(encoding="utf-8")
    table = _outlet_table(html)
    assert html.index('id="outlet-table"') < html.index('id="h-compare"')
    body = table[table.index("<tbody>"):]
    outlets = re.findall(r'<th scope="row" data-v="([^"]*)">', body)
    expected = {r["outlet"] or "(outlet unknown)" for r in rows}
    assert {html_lib.unescape(o) for o in outlets} == expected
    # each label's share of the labelled articles with its Wilson interval, and the rates
    herald = body[body.index('data-v="State Herald"'):].split("</tr>")[0]
    n = sum(1 for r in rows if r["outlet"] == "State Herald" and r["status"] == "ok")
    k = sum(1 for r in rows if r["outlet"] == "State Herald" and r["label"] == "state")
    lo, hi = wilson_interval(k, n)
    assert f"{100 * k / n:.0f}% · {k}" in herald and f"{100 * lo:.0f}%–{100 * hi:.0f}%" in herald
    cells = re.findall(r'<td class="num" data-v="([^"]*)"', herald)
    assert len(cells) == 1 + len(schema.LABELS) + 4  # articles, shares, four rates
    assert all(c == "" or float(c) >= 0 for c in cells)  # numbers to sort by; empty: nothing
    assert 'class="sortable"' in table and table.count("<button") == 2 + len(schema.LABELS) + 4


def test_a_loaded_term_is_shown_as_the_word_the_text_used_not_the_list_pattern(tmp_path):
    rows = example_rows()[:3]
    text = "The Russophobic campaign and the russophobes behind it, critics said. Story."
    for r, word in zip(rows, ("Russophobic", "russophobes", "Russophobic")):
        s = text.index(word)
        r.update(text=text, loaded_terms=[{"term": "russophob*", "matched": word,
                                           "category": "dehumanising_insult", "voice": "own",
                                           "start": s, "end": s + len(word)}])
    html = render_report(rows, tmp_path / "r.html").read_text(encoding="utf-8")
    terms = html[html.index('<section id="terms"'):html.index('<section id="documents"')]
    assert re.search(r">russophobic <span class=\"muted\">\(also russophobes\)</span></th>", terms)
    assert 'title="list entry: russophob*"' in terms
    assert ">russophob*" not in terms


def test_a_corpus_without_outlets_has_no_stray_overall_caption(tmp_path):
    rows = [dict(r, outlet=None) for r in example_rows()]
    html = render_report(rows, tmp_path / "r.html").read_text(encoding="utf-8")
    labels = html[html.index('<section id="labels"'):html.index('<section id="landscape"')]
    assert "Overall" not in labels and "<figcaption>" not in labels.split("</figure>")[0]
    assert 'id="outlet-table"' not in html
    with_outlets = render_report(example_rows(), tmp_path / "o.html").read_text(encoding="utf-8")
    assert "All documents and per outlet." in with_outlets


def test_a_comment_thread_travels_to_the_document_view_apart_from_the_outlets_voice(tmp_path):
    rows = example_rows()[:2]
    text = ("The minister resigned on Tuesday, officials said.\n3 comments\nAna • 2 hours ago\n"
            "What a disgrace.\nReply")
    cut = text.index("3 comments")
    t0 = text.index("disgrace")
    rows[0].update(text=text, quotes=[], credits=[], loaded_terms=[], top_features=[],
                   comments=[{"start": cut, "end": len(text)}],
                   comment_terms=[{"term": "disgrace", "matched": "disgrace",
                                   "category": "loaded_language", "voice": "comment",
                                   "start": t0, "end": t0 + 8}])
    html = render_report(rows, tmp_path / "r.html").read_text(encoding="utf-8")
    data = data_block(html)
    doc = data["docs"][0]
    assert doc["cm"] == [[cut, len(text)]] and doc["ct"][0][:2] == [t0, t0 + 8]
    assert not doc.get("lt")
    assert "1 document ends with a readers' comment thread" in html
    # counted in no outlet's voice: the term tables and outlet sentences do not know it
    terms = html[html.index('<section id="terms"'):html.index('<section id="documents"')]
    assert "disgrace" not in terms

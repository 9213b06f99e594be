"""Web pages and links in (issue 21): every row knows its outlet, title, date, author and URL,
from the page itself, a row's columns, or the folder a file sits in; links are fetched from a
server on 127.0.0.1 that the test starts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from framing import schema
from framing.cli import main
from framing.io import read_inputs
from framing.io.pages import page_metadata

from _webserver import LocalSite, closed_port

WIRE_BODY = (
    "<p>MERIDAN, Jan 10 (Northwire) - Police in the Varossan capital fired tear gas on Friday to "
    "disperse several thousand people protesting against a rise in fuel prices, witnesses said."
    "</p><p>\"We will stay until the price comes down,\" said Dana Orlic, a spokeswoman for the "
    "Fair Fuel Coalition, which organised the march. The interior ministry said 41 people were "
    "detained and that two officers were hurt.</p><p>The government removed a long-standing "
    "fuel subsidy on Jan 1. Officials said the measure was needed to balance the budget, and "
    "opposition leaders said they would call more protests next week.</p>"
)
AGENCY_BODY = (
    "<p>MERIDAN, Jan 10 (GPA) - Protests over fuel prices spread to three more cities on Friday, "
    "according to local officials, as the government said it would not reverse the rise.</p>"
    "<p>\u201cThe decision is final,\u201d Finance Minister Ilan Broz told reporters, adding that "
    "pensioners would receive a one-off payment. A Western diplomat, who declined to be named, "
    "said several embassies had asked for calm.</p><p>Rights groups said at least 60 people had "
    "been detained since Thursday. The ministry did not respond to a request for comment on "
    "those figures.</p>"
)
OG_PAGE = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Police fire tear gas at fuel protest | Northwire</title>
<meta property="og:site_name" content="Northwire">
<meta property="og:title" content="Police fire tear gas at fuel protest">
<meta property="article:published_time" content="2025-01-10T09:30:00+00:00">
<meta name="author" content="Mara Velt">
<link rel="canonical" href="https://www.northwire.example/world/fuel-protest">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Police fire tear gas at fuel protest</h1>{WIRE_BODY}</article>
<footer>© Northwire</footer></body></html>"""
JSONLD_PAGE = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Fuel protests spread to three more cities</title>
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
"headline": "Fuel protests spread to three more cities", "datePublished": "2025-01-10T14:05:00Z",
"author": {{"@type": "Person", "name": "Ivo Sander"}},
"publisher": {{"@type": "Organization", "name": "Global Press Agency"}}}}</script>
</head><body><main><article><h1>Fuel protests spread to three more cities</h1>{AGENCY_BODY}
</article></main></body></html>"""
ROBOTS = b"User-agent: *\nDisallow: /private/\n"


def page(text: str) -> tuple[int, dict, bytes]:
    return 200, {"Content-Type": "text/html; charset=utf-8"}, text.encode("utf-8")


ROUTES = {
    "/robots.txt": (200, {"Content-Type": "text/plain"}, ROBOTS),
    "/world/fuel-protest": page(OG_PAGE),
    "/gpa/spread": page(JSONLD_PAGE),
    "/private/draft": page(OG_PAGE),
    "/photo": (200, {"Content-Type": "application/octet-stream"}, b"\x89PNG\r\n\x1a\n" + bytes(64)),
}


def rows_of(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def score(*args: str) -> int:
    return main(["score", "-q", "-j", "1", "--fetch-delay", "0", *args])


# ---------------------------------------------------------------------- what a page says


def test_page_metadata_in_the_order_asked():
    og = page_metadata(OG_PAGE)
    assert (og.site_name, og.title, og.date, og.author) == (
        "Northwire", "Police fire tear gas at fuel protest", "2025-01-10", "Mara Velt")
    assert og.url == "https://www.northwire.example/world/fuel-protest"
    assert og.outlet() == "Northwire" and og.domain == "northwire.example"
    ld = page_metadata(JSONLD_PAGE)
    assert (ld.site_name, ld.title, ld.date, ld.author, ld.url) == (
        "Global Press Agency", "Fuel protests spread to three more cities", "2025-01-10",
        "Ivo Sander", None)
    # og:site_name before the JSON-LD publisher (trafilatura alone keeps the longer name)
    both = OG_PAGE.replace("</head>", '<script type="application/ld+json">{"@type": "NewsArticle",'
                           ' "publisher": {"name": "Northwire Media Holdings"}}</script></head>')
    assert page_metadata(both).site_name == "Northwire"


def test_a_page_that_does_not_say_gets_empty_values_not_invented_ones():
    bare = ("<html><head><title>They called us terrorists. I was there. | A blog</title></head>"
            "<body><article><p>Some text.</p></article></body></html>")
    meta = page_metadata(bare)
    # trafilatura would take the headline (it has a full stop) for the site name
    assert meta.site_name is None and meta.outlet() is None
    assert meta.date is None and meta.author is None and meta.url is None
    # the domain of the address it was fetched from is the last resort for the outlet
    fetched = page_metadata(bare, url="https://www.freevoice.example/2025/post")
    assert fetched.outlet() == "freevoice.example" and fetched.outlet("blogs") == "blogs"
    assert fetched.url == "https://www.freevoice.example/2025/post"


def test_a_byline_date_is_cut_from_the_author():
    byline = ('<html><head><title>x</title></head><body><article><h1>Post</h1><p class="byline">'
              "By Ada Renko · January 12, 2025 · 6 min read</p><p>Text of the post.</p>"
              "</article></body></html>")
    assert page_metadata(byline).author == "Ada Renko"


def test_row_formats_pass_their_page_columns_through_under_the_same_names(tmp_path, capsys):
    src = tmp_path / "c.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "Talks resume.", "outlet": "Northwire",
                               "title": "Talks", "date": "2025-01-10", "url": "https://n.example/a",
                               "author": "Mara Velt", "desk": "world"}) + "\n", encoding="utf-8")
    assert score(str(src)) == 0
    [row] = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    cols = list(row)
    assert cols[cols.index("outlet") + 1: cols.index("outlet") + 5] == list(schema.PAGE_COLUMNS)
    assert (row["title"], row["date"], row["author"], row["url"], row["desk"]) == (
        "Talks", "2025-01-10", "Mara Velt", "https://n.example/a", "world")


# ---------------------------------------------------------------------- links in


def test_links_give_scored_rows_and_errors_naming_their_causes_and_a_rerun_fetches_nothing(
        tmp_path):
    with LocalSite(ROUTES) as site:
        urls = [site.base + "/world/fuel-protest", site.base + "/gpa/spread",
                site.base + "/missing", site.base + "/private/draft", site.base + "/photo",
                f"http://127.0.0.1:{closed_port()}/story"]
        links = tmp_path / "links.txt"
        links.write_text("# coverage of the Meridan protests\n\n" + "\n".join(urls) + "\n",
                         encoding="utf-8")
        out, cache = tmp_path / "scores.jsonl", tmp_path / "cache"
        assert score("--urls", str(links), "--cache", str(cache), "-o", str(out)) == 1
        rows = rows_of(out)
        assert [r["id"] for r in rows] == urls  # one row per URL, in input order
        assert [r["source"] for r in rows] == [f"{links}:{n}" for n in range(3, 9)]
        ok, gpa = rows[0], rows[1]
        assert (ok["status"], ok["outlet"], ok["title"], ok["date"], ok["author"]) == (
            "ok", "Northwire", "Police fire tear gas at fuel protest", "2025-01-10", "Mara Velt")
        assert ok["url"] == "https://www.northwire.example/world/fuel-protest"  # canonical
        assert (gpa["status"], gpa["outlet"], gpa["title"], gpa["date"]) == (
            "ok", "Global Press Agency", "Fuel protests spread to three more cities", "2025-01-10")
        assert gpa["url"] == site.base + "/gpa/spread"  # no canonical link: the fetched address
        assert "MERIDAN, Jan 10 (Northwire)" in ok["text"] and "Home" not in ok["text"]
        errors = [r["error"] for r in rows[2:]]
        assert [r["status"] for r in rows[2:]] == ["error"] * 4
        assert errors[0].endswith(": HTTP 404 Not Found")
        assert errors[1].endswith(": disallowed by robots.txt (" + site.base + "/robots.txt)")
        assert errors[2].endswith(": not an HTML page (content type application/octet-stream)")
        assert "connection refused" in errors[3]
        assert "/private/draft" not in site.paths()

        n = len(site.log)
        again = tmp_path / "again.jsonl"
        assert score("--urls", str(links), "--cache", str(cache), "-o", str(again)) == 1
        assert site.log[n:] == []  # every answer came from the cache
        assert [(r["id"], r["status"], r["outlet"], r["title"], r["error"]) for r in rows[:5]] \
            == [(r["id"], r["status"], r["outlet"], r["title"], r["error"])
                for r in rows_of(again)[:5]]

        # a URL given as INPUT works as well, before the list's
        single = tmp_path / "single.jsonl"
        assert score(urls[1], "-o", str(single)) == 0
        [row] = rows_of(single)
        assert (row["id"], row["source"], row["outlet"], row["status"]) == (
            urls[1], urls[1], "Global Press Agency", "ok")


def test_saved_copies_of_the_pages_get_the_same_outlets_titles_and_dates(tmp_path):
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "northwire-fuel.html").write_text(OG_PAGE, encoding="utf-8")
    (folder / "gpa-spread.html").write_text(JSONLD_PAGE, encoding="utf-8")
    docs = {d.id: d for d in read_inputs([str(folder)])}
    assert (docs["northwire-fuel.html"].outlet, docs["gpa-spread.html"].outlet) == (
        "Northwire", "Global Press Agency")
    assert docs["gpa-spread.html"].date == docs["northwire-fuel.html"].date == "2025-01-10"
    assert docs["gpa-spread.html"].url is None  # a saved copy without a canonical link
    with LocalSite(ROUTES) as site:
        fetched = {d.id: d for d in read_inputs([site.base + "/world/fuel-protest",
                                                 site.base + "/gpa/spread"])}
    for saved, url in (("northwire-fuel.html", "/world/fuel-protest"), ("gpa-spread.html",
                                                                        "/gpa/spread")):
        a, b = docs[saved], fetched[site.base + url]
        assert (a.outlet, a.title, a.date, a.author, a.text) == (
            b.outlet, b.title, b.date, b.author, b.text)


def test_outlet_from_folder_names_text_files_by_their_folder_and_pages_keep_their_own(
        tmp_path):
    root = tmp_path / "coverage"
    for outlet in ("northwire", "free-varossa-voice"):
        (root / outlet).mkdir(parents=True)
        (root / outlet / "story.txt").write_text("Police fired tear gas, witnesses said.",
                                                 encoding="utf-8")
    (root / "free-varossa-voice" / "page.html").write_text(JSONLD_PAGE, encoding="utf-8")
    bare = JSONLD_PAGE.replace('"publisher": {"@type": "Organization", "name": "Global Press '
                               'Agency"}', '"isAccessibleForFree": true')
    (root / "northwire" / "bare.html").write_text(bare, encoding="utf-8")
    docs = {d.id: d.outlet for d in read_inputs([str(root)], outlet_from="folder")}
    assert docs == {
        "free-varossa-voice/page.html": "Global Press Agency",  # the page names its outlet
        "free-varossa-voice/story.txt": "free-varossa-voice",
        "northwire/bare.html": "northwire",  # it names none: the folder
        "northwire/story.txt": "northwire",
    }
    by_meta = {d.id: d.outlet for d in read_inputs([str(root)])}
    assert by_meta["northwire/story.txt"] is None and by_meta["northwire/bare.html"] is None


def test_a_url_list_skips_blanks_and_comments_and_names_a_bad_line(tmp_path, capsys):
    links = tmp_path / "links.txt"
    links.write_text("\n# a comment\nnot-a-url\n   \n", encoding="utf-8")
    assert score("--urls", str(links)) == 1
    [row] = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert row["status"] == "error" and row["source"] == f"{links}:3"
    assert "'not-a-url' is not an http:// or https:// address" in row["error"]
    assert score("--urls", str(tmp_path / "none.txt")) == 2
    assert "--urls" in capsys.readouterr().err


def test_resume_does_not_fetch_the_pages_it_has(tmp_path):
    with LocalSite(ROUTES) as site:
        urls = [site.base + "/world/fuel-protest", site.base + "/gpa/spread"]
        out = tmp_path / "s.jsonl"
        assert score(*urls, "-o", str(out)) == 0
        rows = out.read_text(encoding="utf-8").splitlines()
        out.unlink()
        # an interrupted run: its journal holds the first row
        (tmp_path / "s.jsonl.partial").write_text(rows[0] + "\n", encoding="utf-8")
        n = len(site.log)
        assert score(*urls, "-o", str(out), "--resume") == 0
        assert site.paths()[n:] == ["/robots.txt", "/gpa/spread"]
    assert [json.loads(r)["id"] for r in out.read_text(encoding="utf-8").splitlines()] == urls


def test_urls_are_not_fetched_on_dask(tmp_path, capsys):
    pytest.importorskip("distributed")
    assert main(["score", "-q", "http://127.0.0.1:9/a", "-o", str(tmp_path / "s.parquet"),
                 "--dask", "local"]) == 2
    assert "--dask reads files, not URLs" in capsys.readouterr().err


def test_a_site_name_from_a_meta_tag_is_kept_when_the_title_names_it_too():
    page = ('<html><head><title>They gassed our grandmothers. I was there. | Free Varossa Voice'
            '</title><meta name="publisher" content="Free Varossa Voice"></head><body><article>'
            "<p>Text.</p></article></body></html>")
    assert page_metadata(page).site_name == "Free Varossa Voice"


def test_outlet_from_folder_on_the_command_line(tmp_path, capsys):
    for outlet in ("Northwire", "VarTV"):
        (tmp_path / "c" / outlet).mkdir(parents=True)
        (tmp_path / "c" / outlet / "a.txt").write_text("Talks resumed, officials said.",
                                                       encoding="utf-8")
    assert score(str(tmp_path / "c"), "--outlet-from", "folder") == 0
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [(r["id"], r["outlet"]) for r in rows] == [("Northwire/a.txt", "Northwire"),
                                                      ("VarTV/a.txt", "VarTV")]
    with pytest.raises(SystemExit) as bad:  # not a choice: argparse's usage error
        score(str(tmp_path / "c"), "--outlet-from", "path")
    assert bad.value.code == 2 and "--outlet-from" in capsys.readouterr().err


def test_a_cache_that_cannot_be_a_folder_is_a_usage_error_before_any_output(tmp_path, capsys):
    links = tmp_path / "links.txt"
    links.write_text("http://127.0.0.1:9/a\n", encoding="utf-8")
    (tmp_path / "file").write_text("x", encoding="utf-8")
    out = tmp_path / "s.jsonl"
    assert score("--urls", str(links), "--cache", str(tmp_path / "file"), "-o", str(out)) == 2
    assert "cannot use it as the cache folder" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "links.txt"]  # no output

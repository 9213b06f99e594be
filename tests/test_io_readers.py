"""framing.io.readers: files, folders and row dumps in; one Document per document out."""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import sys

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from framing.errors import FieldError, InputError
from framing.io.readers import (
    REPLACED_UTF8,
    SUPPORTED_SUFFIXES,
    decode_bytes,
    detect_encoding,
    read_inputs,
)

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
RU = (
    "Президент России заявил в понедельник, что переговоры продолжатся. "
    "Министр иностранных дел сообщил журналистам об итогах встречи в Женеве."
)
FR = (
    "Le président a déclaré à la presse que la réunion était terminée. "
    "« Ça suffit », a-t-il ajouté devant les députés réunis à l'Élysée."
)
ARTICLE_HTML = """<html><head><title>Talks resume</title></head><body>
<nav><a href="/">Home</a> <a href="/w">World</a></nav>
<article><h1>Talks resume in Geneva</h1>
<p>GENEVA (Reuters) - Negotiators from both sides met again on Monday, officials said, after a
two-week pause in talks over the disputed border region.</p>
<p>"We are making progress," said one diplomat, who asked not to be named because the talks are
confidential. The foreign ministry declined to comment.</p>
<p>The talks are expected to continue through Thursday, according to a statement released by the
mediators late on Sunday evening.</p>
</article>
<section class="comments"><h3>Comments</h3><div class="comment"><p>This is a disgrace, the
government are traitors and liars every single one!</p></div></section>
<aside class="related"><h3>Related articles</h3><ul><li><a href="/x">Border clashes kill three
soldiers in overnight fighting</a></li></ul></aside>
</body></html>"""
NAV_HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Daily News</title></head>
<body><header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/politics">Politics</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<div class="menu"><ul><li><a href="/a">Subscribe</a></li><li><a href="/b">Log in</a></li></ul></div>
<footer><ul><li><a href="/about">About us</a></li><li><a href="/privacy">Privacy</a></li></ul>
</footer></body></html>"""


def docs(*paths, **kw):
    return list(read_inputs([str(p) for p in paths], **kw))


def one(path, **kw):
    (doc,) = docs(path, **kw)
    return doc


# ----------------------------------------------------------------- text files and encodings


def test_text_file_id_is_its_name_and_source_its_path(tmp_path):
    (tmp_path / "a.txt").write_text("A short text.", encoding="utf-8")
    doc = one(tmp_path / "a.txt")
    assert (doc.id, doc.text, doc.encoding, doc.error) == ("a.txt", "A short text.", "utf-8", None)
    assert doc.source == str(tmp_path / "a.txt")


def test_folder_is_walked_in_sorted_order_with_ids_relative_to_the_root(tmp_path):
    root = tmp_path / "corpus"
    (root / "b").mkdir(parents=True)
    (root / "b" / "z.md").write_text("z", encoding="utf-8")
    (root / "a.txt").write_text("a", encoding="utf-8")
    (root / "c.txt").write_text("c", encoding="utf-8")
    (root / "notes.docx").write_bytes(b"PK\x03\x04")  # unsupported: skipped
    (root / ".hidden.txt").write_text("h", encoding="utf-8")  # hidden: skipped
    assert [d.id for d in docs(root)] == ["a.txt", "b/z.md", "c.txt"]


def test_empty_file_is_one_empty_document(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    doc = one(tmp_path / "empty.txt")
    assert doc.text == "" and doc.error is None


def test_whitespace_only_file_is_one_document(tmp_path):
    (tmp_path / "blank.txt").write_text(" \n\t \r\n ", encoding="utf-8")
    doc = one(tmp_path / "blank.txt")
    assert doc.text.strip() == "" and doc.error is None


def test_png_renamed_txt_is_an_error_document(tmp_path):
    (tmp_path / "photo.txt").write_bytes(PNG)
    doc = one(tmp_path / "photo.txt")
    assert doc.text == ""
    assert "PNG image" in doc.error and "photo.txt" in doc.error


def test_invalid_utf8_is_decoded_with_replacement_and_noted(tmp_path):
    data = "Überall schöne Grüße aus München.".encode() + b" \xff\xc3 " + b"Ende."
    (tmp_path / "bad.txt").write_bytes(data)
    doc = one(tmp_path / "bad.txt")
    assert doc.error is None
    assert doc.text.startswith("Überall schöne Grüße") and "\ufffd" in doc.text
    assert doc.encoding == REPLACED_UTF8


def test_cp1251_russian_without_bom_is_detected(tmp_path):
    (tmp_path / "ru.txt").write_bytes(RU.encode("cp1251"))
    doc = one(tmp_path / "ru.txt")
    assert doc.text == RU
    assert doc.encoding == "cp1251"


def test_latin1_is_detected(tmp_path):
    (tmp_path / "fr.txt").write_bytes(FR.replace("«", '"').replace("»", '"').encode("latin-1"))
    doc = one(tmp_path / "fr.txt")
    assert "président a déclaré" in doc.text and "l'Élysée" in doc.text
    assert doc.encoding in ("cp1252", "latin_1", "iso8859-1", "iso8859-15")


@pytest.mark.parametrize(
    "data, encoding",
    [
        (codecs.BOM_UTF8 + RU.encode("utf-8"), "utf-8-sig"),
        (RU.encode("utf-16"), "utf-16"),  # with BOM
        (FR.encode("utf-16-le"), "utf-16-le"),  # without BOM
        (RU.encode("utf-8"), "utf-8"),
    ],
)
def test_unicode_encodings_with_and_without_bom(tmp_path, data, encoding):
    (tmp_path / "t.txt").write_bytes(data)
    doc = one(tmp_path / "t.txt")
    assert doc.encoding == encoding
    assert doc.text in (RU, FR)


def test_detect_encoding_tolerates_a_character_cut_at_the_end_of_a_sample():
    sample = RU.encode("utf-8")[:-1]
    assert detect_encoding(sample, final=False) == ("utf-8", "utf-8")


def test_20mb_text_file_is_truncated_at_the_cap_not_loaded_whole(tmp_path):
    path = tmp_path / "huge.txt"
    line = ("The minister said on Monday that the talks would continue. " * 10 + "\n").encode()
    with open(path, "wb") as fh:
        fh.writelines(line for _ in range(20_000_000 // len(line) + 1))
    assert path.stat().st_size >= 20_000_000
    doc = one(path, max_chars=1_000_000)
    assert doc.truncated is True and len(doc.text) == 1_000_000 and doc.error is None


def test_text_under_the_cap_is_not_truncated(tmp_path):
    (tmp_path / "a.txt").write_text("x" * 100, encoding="utf-8")
    assert one(tmp_path / "a.txt", max_chars=100).truncated is False
    assert one(tmp_path / "a.txt", max_chars=99).truncated is True


def test_decode_bytes_prefix_does_not_count_a_cut_character_as_invalid():
    text, label = decode_bytes(RU.encode("utf-8")[:-1], final=False)
    assert label == "utf-8" and RU.startswith(text)


# ----------------------------------------------------------------- HTML


def test_html_article_text_without_comments_or_related_articles(tmp_path):
    (tmp_path / "story.html").write_text(ARTICLE_HTML, encoding="utf-8")
    doc = one(tmp_path / "story.html")
    assert doc.error is None
    assert "Negotiators from both sides" in doc.text
    assert "traitors" not in doc.text  # reader comment
    assert "Border clashes" not in doc.text  # related articles
    assert "<p>" not in doc.text


def test_html_page_that_is_all_navigation_is_an_error_document(tmp_path):
    (tmp_path / "index.htm").write_text(NAV_HTML, encoding="utf-8")
    doc = one(tmp_path / "index.htm")
    assert doc.text == ""
    assert doc.error == "no article text found in HTML (navigation only?)"


def test_html_declared_charset_is_used(tmp_path):
    page = ARTICLE_HTML.replace("<head>", '<head><meta charset="windows-1251">').replace(
        "Negotiators from both sides", "Переговорщики обеих сторон"
    )
    (tmp_path / "ru.html").write_bytes(page.encode("cp1251"))
    doc = one(tmp_path / "ru.html")
    assert "Переговорщики обеих сторон" in doc.text
    assert doc.encoding == "cp1251"


# ----------------------------------------------------------------- JSONL


def _jsonl(path, rows, opener=open):
    with opener(path, "wt", encoding="utf-8") as fh:
        for row in rows:
            fh.write((row if isinstance(row, str) else json.dumps(row, ensure_ascii=False)) + "\n")


def test_jsonl_rows_with_id_outlet_and_pass_through_columns(tmp_path):
    _jsonl(
        tmp_path / "c.jsonl", [{"id": 7, "text": "T", "outlet": "Reuters", "title": "H", "n": 3}]
    )
    doc = one(tmp_path / "c.jsonl")
    assert (doc.id, doc.text, doc.outlet) == ("7", "T", "Reuters")
    assert doc.title == "H"  # a page column: the output's own title column, not pass-through
    assert doc.meta == {"n": 3}
    assert doc.source.endswith("c.jsonl:1")


def test_jsonl_row_without_id_gets_file_and_line_as_id(tmp_path):
    _jsonl(tmp_path / "c.ndjson", [{"text": "a"}, {"text": "b", "id": ""}])
    assert [d.id for d in docs(tmp_path / "c.ndjson")] == ["c.ndjson:1", "c.ndjson:2"]


def test_jsonl_malformed_line_is_an_error_naming_file_and_line_others_are_read(tmp_path):
    _jsonl(
        tmp_path / "dump.jsonl",
        [{"id": "a", "text": "A"}, '{"id": "b", "text": ', {"id": "c", "text": "C"}],
    )
    got = docs(tmp_path / "dump.jsonl")
    assert [d.id for d in got] == ["a", "dump.jsonl:2", "c"]
    assert got[1].error.startswith(f"{tmp_path / 'dump.jsonl'}:2: malformed JSON line")
    assert got[0].error is None and got[2].text == "C"


def test_jsonl_blank_lines_are_not_documents(tmp_path):
    _jsonl(tmp_path / "c.jsonl", [{"text": "a"}, "", "  ", {"text": "b"}])
    assert [d.text for d in docs(tmp_path / "c.jsonl")] == ["a", "b"]


def test_jsonl_row_missing_the_text_field_is_an_error_row(tmp_path):
    _jsonl(
        tmp_path / "c.jsonl",
        [{"id": 1, "text": "a"}, {"id": 2, "body": "b"}, {"id": 3, "text": None}],
    )
    got = docs(tmp_path / "c.jsonl")
    assert got[0].error is None
    assert "field 'text' is missing" in got[1].error and "--text-field" in got[1].error
    assert "field 'text' is missing" in got[2].error


def test_jsonl_where_no_row_has_the_text_field_is_a_field_error(tmp_path):
    _jsonl(tmp_path / "c.jsonl", [{"id": 1, "body": "a", "headline": "h"}, {"id": 2, "body": "b"}])
    with pytest.raises(
        FieldError, match=r"c\.jsonl: no row has the field 'text'; fields are: id, body, headline"
    ):
        docs(tmp_path / "c.jsonl")


def test_jsonl_text_field_option(tmp_path):
    _jsonl(tmp_path / "c.jsonl", [{"uid": "u1", "body": "B", "site": "S", "text": "other"}])
    doc = one(tmp_path / "c.jsonl", text_field="body", id_field="uid", outlet_field="site")
    assert (doc.id, doc.text, doc.outlet, doc.meta) == ("u1", "B", "S", {"text": "other"})


def test_jsonl_gz(tmp_path):
    _jsonl(tmp_path / "c.jsonl.gz", [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}], gzip.open)
    assert [d.text for d in docs(tmp_path / "c.jsonl.gz")] == ["A", "B"]


def test_jsonl_long_text_is_truncated(tmp_path):
    _jsonl(tmp_path / "c.jsonl", [{"text": "x" * 50}])
    doc = one(tmp_path / "c.jsonl", max_chars=10)
    assert doc.text == "x" * 10 and doc.truncated


def test_jsonl_from_standard_input(monkeypatch):
    data = b'{"id": "s1", "text": "one"}\n{"id": "s2", "text": "two"}\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(data))))
    got = list(read_inputs(["-"]))
    assert [(d.id, d.text, d.source) for d in got] == [
        ("s1", "one", "<stdin>:1"),
        ("s2", "two", "<stdin>:2"),
    ]


# ----------------------------------------------------------------- CSV / TSV / Parquet


def _csv(path, rows, delimiter=",", encoding="utf-8", opener=open):
    with opener(path, "wt", encoding=encoding, newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)


def test_csv_rows_with_quoted_newlines_and_pass_through(tmp_path):
    _csv(
        tmp_path / "c.csv",
        [["id", "text", "outlet", "url"], ["1", "line one\nline two, more", "", "u"]],
    )
    doc = one(tmp_path / "c.csv")
    assert (doc.id, doc.text, doc.outlet, doc.url, doc.meta) == (
        "1",
        "line one\nline two, more",
        None,
        "u",  # a page column: the output's url column
        {},
    )
    assert doc.source.endswith("c.csv:row 1")


def test_csv_whose_text_column_is_missing_names_the_columns_it_has(tmp_path):
    _csv(tmp_path / "corpus.csv", [["headline", "body", "url"], ["h", "b", "u"]])
    with pytest.raises(FieldError) as info:
        docs(tmp_path / "corpus.csv")
    message = str(info.value)
    assert "corpus.csv: no column 'text'; columns are: headline, body, url" in message
    assert "--text-field" in message


def test_tsv_and_csv_gz(tmp_path):
    _csv(tmp_path / "a.tsv", [["text", "id"], ["with, comma", "t1"]], delimiter="\t")
    _csv(tmp_path / "b.csv.gz", [["text", "id"], ["gz", "g1"]], opener=gzip.open)
    assert [(d.id, d.text) for d in docs(tmp_path)] == [("t1", "with, comma"), ("g1", "gz")]


def test_csv_in_cp1251(tmp_path):
    _csv(tmp_path / "ru.csv", [["id", "text"], ["r1", RU]], encoding="cp1251")
    doc = one(tmp_path / "ru.csv")
    assert doc.text == RU and doc.encoding == "cp1251"


def test_csv_field_longer_than_the_csv_module_default_limit(tmp_path):
    _csv(tmp_path / "long.csv", [["text"], ["y" * 300_000]])
    assert len(one(tmp_path / "long.csv").text) == 300_000


def test_csv_with_only_a_header_has_no_documents(tmp_path):
    _csv(tmp_path / "h.csv", [["id", "text"]])
    assert docs(tmp_path / "h.csv") == []


def test_parquet_rows_and_missing_column(tmp_path):
    table = pa.table(
        {"id": ["p1", "p2"], "text": ["A", None], "outlet": ["RT", "RT"], "year": [2020, 2021]}
    )
    pq.write_table(table, tmp_path / "c.parquet")
    got = docs(tmp_path / "c.parquet")
    assert [(d.id, d.text, d.outlet, d.meta) for d in got] == [
        ("p1", "A", "RT", {"year": 2020}),
        ("p2", "", "RT", {"year": 2021}),
    ]
    assert "missing" in got[1].error
    with pytest.raises(FieldError, match="no column 'body'; columns are: id, text, outlet, year"):
        docs(tmp_path / "c.parquet", text_field="body")


def test_corrupt_gzip_keeps_rows_read_and_adds_one_error_row(tmp_path):
    good = gzip.compress(b"".join(b'{"text": "t%d"}\n' % i for i in range(50)))
    (tmp_path / "cut.jsonl.gz").write_bytes(good[: len(good) // 2])
    got = docs(tmp_path / "cut.jsonl.gz")
    assert got[-1].error and "cannot read the rest of the file" in got[-1].error
    assert all(d.error is None for d in got[:-1])


# ----------------------------------------------------------------- usage errors


def test_path_that_does_not_exist(tmp_path):
    with pytest.raises(InputError, match="no-such.txt: no such file or folder"):
        docs(tmp_path / "no-such.txt")


def test_folder_with_no_supported_files_lists_the_suffixes(tmp_path):
    (tmp_path / "a.docx").write_bytes(b"x")
    with pytest.raises(InputError, match="folder has no supported files") as info:
        docs(tmp_path)
    assert all(s in str(info.value) for s in SUPPORTED_SUFFIXES)


def test_unsupported_file_named_directly(tmp_path):
    (tmp_path / "a.docx").write_bytes(b"x")
    with pytest.raises(InputError, match="unsupported file type"):
        docs(tmp_path / "a.docx")

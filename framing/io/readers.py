"""Turn files, folders and row dumps into a stream of :class:`~framing.document.Document`.

Everything here streams: text files are read up to a byte cap, row formats line by line
(JSONL), record by record (CSV/TSV) or batch by batch (Parquet), so memory does not grow with
the corpus.

A document that cannot be read (a binary file, a malformed JSON line, a row without text) is
still yielded, with ``error`` set and ``text=""``, so that it gets its row in the output.
Problems with the whole invocation (a path that does not exist, a folder with nothing to read,
a CSV header without the text column, a JSONL file where no row has the text field) raise
:class:`~framing.errors.InputError` / :class:`~framing.errors.FieldError` instead.

Decisions worth knowing:

* Document ids: the row's id field when it has one, else ``"<file>:<line>"`` (JSONL) or
  ``"<file>:row <n>"`` (CSV, TSV, Parquet); for one-document files, the path relative to the
  input root (the folder named on the command line; a file named directly is its own root, so
  its id is its file name).
* Size cap: a document keeps at most ``max_chars`` characters (default 1,000,000, about 150,000
  words); longer texts are cut and flagged ``truncated``. Text files are read only up to
  ``4 * max_chars`` bytes (UTF-8's widest character) and HTML up to ``8 * max_chars`` bytes
  before extraction, so a 20 MB file never goes whole through decoding or extraction.
* Encodings: BOM first (UTF-8, UTF-16, UTF-32), then UTF-16 without BOM, then strict UTF-8,
  then (HTML) the page's declared charset, then charset-normalizer on a 64 KB sample among
  the legacy single-byte encodings common in news scrapes. Text that is mostly valid UTF-8 with
  a few bad bytes is decoded with replacement characters and recorded as
  ``"utf-8 (invalid bytes replaced)"``; the document is still scored.
* HTML: trafilatura with comments off, ``favor_precision`` and no fallback extractors; a page where it finds no article
  text (navigation only, an index page) becomes an *error* row, "no article text found in HTML
  (navigation only?)": the input was not an article, which is a reading failure, not the
  model declining.
* Folders are walked recursively in sorted order. Files with unsupported suffixes, names
  starting with ``.`` (listed, not entered), special files and folders that cannot be listed
  are skipped, never silently: each is passed to ``on_skip(path, reason)`` (``framing score``
  lists them in its summary), or with ``strict=True`` becomes an error document of its own.
* One file never stops a run: an exception while reading a file (a corrupt archive, a library
  that fails to import) becomes that file's error document, after the rows read from it so far.
  Only a row file *named directly* whose rows lack the text field raises :class:`FieldError`
  (the options are wrong); found in a folder, it is one error document.
* Standard input (``-``) holds JSONL or one plain-text document: ``stdin_format="auto"`` reads
  JSONL when the first non-blank character is ``{``, else the whole input as one document
  (id ``stdin``); ``"jsonl"`` and ``"text"`` force either.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import logging
import os
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from ..document import Document
from ..errors import FieldError, InputError
from ..schema import PAGE_COLUMNS
from .fetch import is_url

log = logging.getLogger(__name__)

DEFAULT_MAX_CHARS = 1_000_000

TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
CSV_SUFFIXES = (".csv", ".tsv")
PARQUET_SUFFIXES = (".parquet",)
GZ_SUFFIXES = tuple(s + ".gz" for s in JSONL_SUFFIXES + CSV_SUFFIXES)
SUPPORTED_SUFFIXES = (
    TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES + CSV_SUFFIXES + PARQUET_SUFFIXES + GZ_SUFFIXES
)

STDIN = "-"
STDIN_FORMATS = ("auto", "jsonl", "text")
STDIN_TEXT_ID = "stdin"
ESTIMATE_MAX_BYTES = 2_000_000_000  # counting lines beyond this delays the start too much
SAMPLE_BYTES = 65_536
# How many parsed JSONL rows may lack the text field before we call it a usage error rather
# than bad rows: rows are held back (text-free) until one has the field, so this bounds memory.
FIELD_PROBE_ROWS = 1_000

# Candidates for text that is neither BOM-marked nor UTF-8: Russian and Western European
# scrapes. A short list keeps charset-normalizer from picking exotic look-alikes.
LEGACY_ENCODINGS = ("cp1251", "cp1252", "koi8_r", "latin_1")
REPLACED_UTF8 = "utf-8 (invalid bytes replaced)"

_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or docx/xlsx)"),
    (b"\x1f\x8b", "gzip data (name it .jsonl.gz/.csv.gz)"),
    (b"\x7fELF", "executable"),
    (b"PAR1", "Parquet file (name it .parquet)"),
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)


# --------------------------------------------------------------------------- encodings


def sniff_binary(sample: bytes) -> str | None:
    """Describe ``sample`` if it is not text (magic number or NUL bytes), else None."""
    for magic, what in _MAGIC:
        if sample.startswith(magic):
            return what
    if any(sample.startswith(bom) for bom, _ in _BOMS) or _utf16_without_bom(sample):
        return None
    if b"\x00" in sample:
        return "binary data (NUL bytes)"
    return None


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 without BOM: mostly-ASCII text leaves a NUL in every other byte."""
    head = sample[:4096]
    half = len(head) // 2
    if half < 4:
        return None
    even_nul = head[0::2].count(0) / half
    odd_nul = head[1::2].count(0) / half
    if odd_nul > 0.4 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.4 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def _known_codec(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def detect_encoding(
    sample: bytes, *, final: bool = True, hint: str | None = None
) -> tuple[str, str]:
    """Choose a codec for ``sample``: returns ``(python_codec, label_to_record)``.

    ``final=False`` means the sample is a prefix, so a multi-byte character cut at its end is
    not held against UTF-8. ``hint`` is a declared charset (HTML ``<meta charset>``).
    Decode with ``errors="replace"``: the codec is a best choice, never a guarantee.
    """
    for bom, codec in _BOMS:
        if sample.startswith(bom):
            return codec, codec
    utf16 = _utf16_without_bom(sample)
    if utf16:
        return utf16, utf16
    try:
        codecs.getincrementaldecoder("utf-8")("strict").decode(sample, final=final)
        return "utf-8", "utf-8"
    except UnicodeDecodeError:
        pass
    if hint and (codec := _known_codec(hint)) and codec not in ("utf-8", "utf-16", "utf-32"):
        try:
            sample.decode(codec)
            return codec, codec
        except UnicodeDecodeError:
            pass
    # Mostly UTF-8 with a few corrupt bytes (a bad scrape, a cut) stays UTF-8: legacy encodings
    # almost never form valid multi-byte UTF-8 sequences by accident.
    replaced = sample.decode("utf-8", errors="replace")
    n_bad = replaced.count("\ufffd")
    n_good = sum(1 for ch in replaced if ord(ch) > 127) - n_bad
    if n_good >= 4 * n_bad:
        return "utf-8", REPLACED_UTF8
    from charset_normalizer import from_bytes  # imported here: only legacy files need it

    best = from_bytes(sample[:SAMPLE_BYTES], cp_isolation=list(LEGACY_ENCODINGS)).best()
    if best is not None:
        codec = _known_codec(best.encoding) or best.encoding
        return codec, codec
    return "utf-8", REPLACED_UTF8


def decode_bytes(data: bytes, *, final: bool = True, hint: str | None = None) -> tuple[str, str]:
    """Decode ``data`` (a whole file or, with ``final=False``, its prefix): ``(text, label)``."""
    sample = data[: SAMPLE_BYTES * 4]
    # the sample is the whole input only when nothing was cut: a multi-byte character split at
    # the cut must not make clean UTF-8 look invalid
    codec, label = detect_encoding(sample, final=final and len(data) <= len(sample), hint=hint)
    text = codecs.getincrementaldecoder(codec)("replace").decode(data, final=final)
    if label == "utf-8" and "\ufffd" in text and b"\xef\xbf\xbd" not in data:
        label = REPLACED_UTF8  # the sample was clean, the rest of the file was not
    return text.lstrip("\ufeff"), label


# --------------------------------------------------------------------------- planning


def _kind(path: Path) -> str | None:
    name = path.name.lower()
    for suffixes, kind in (
        (GZ_SUFFIXES, "gz"),
        (TEXT_SUFFIXES, "text"),
        (HTML_SUFFIXES, "html"),
        (JSONL_SUFFIXES, "jsonl"),
        (CSV_SUFFIXES, "csv"),
        (PARQUET_SUFFIXES, "parquet"),
    ):
        if name.endswith(suffixes):
            if kind == "gz":
                return "jsonl" if name[:-3].endswith(JSONL_SUFFIXES) else "csv"
            return kind
    return None


SkipHandler = Callable[[Path, str], None]


def _entries(folder: Path, _seen: set[str] | None = None) -> Iterator[tuple[Path, str | None]]:
    """Every entry under ``folder``, recursively, in sorted path order (files and sub-folders
    sorted together by name): ``(path, None)`` for a file to read, ``(path, reason)`` for one
    that is skipped. Hidden names are listed, not entered; a folder reached twice through
    symbolic links is read once."""
    seen = _seen if _seen is not None else set()
    real = os.path.realpath(folder)
    if real in seen:
        yield folder, "folder already read (reached again through a symbolic link)"
        return
    seen.add(real)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield folder, f"cannot list the folder: {exc.strerror or exc}"
        return
    for entry in entries:
        path = Path(entry.path)
        try:
            is_dir, is_file = entry.is_dir(), entry.is_file()
        except OSError as exc:
            yield path, f"cannot read: {exc.strerror or exc}"
            continue
        if entry.name.startswith("."):
            yield path, "hidden " + ("folder" if is_dir else "file") + " (name starts with '.')"
        elif is_dir:
            yield from _entries(path, seen)
        elif not is_file:
            yield path, ("broken symbolic link" if entry.is_symlink()
                         else "not a regular file (socket, device or pipe)")
        elif _kind(path) is None:
            yield path, f"unsupported file type; supported suffixes are: {_suffix_list()}"
        else:
            yield path, None


def _walk(folder: Path, on_skip: SkipHandler | None = None) -> Iterator[Path]:
    """Supported files under ``folder`` (see :func:`_entries`); skipped ones go to ``on_skip``."""
    for path, reason in _entries(folder):
        if reason is None:
            yield path
        elif on_skip is not None:
            on_skip(path, reason)


def _suffix_list() -> str:
    return ", ".join(SUPPORTED_SUFFIXES)


def check_inputs(paths: list[str]) -> None:
    """Raise :class:`InputError` for a path that does not exist, a folder with no supported
    file or a file of an unsupported type: problems found before any document is read."""
    if not paths:
        raise InputError("no input given; name files, folders, URLs, or '-' for standard input")
    for raw in paths:
        if raw == STDIN or is_url(raw):
            continue
        path = Path(raw)
        if not path.exists():
            raise InputError(f"{raw}: no such file or folder")
        if path.is_dir():
            if next(_walk(path), None) is None:
                raise InputError(
                    f"{raw}: folder has no supported files; supported suffixes are: {_suffix_list()}"
                )
        elif _kind(path) is None:
            raise InputError(
                f"{raw}: unsupported file type; supported suffixes are: {_suffix_list()}"
            )
        elif not os.access(path, os.R_OK):
            raise InputError(f"{raw}: file is not readable (permission denied)")


def check_url_lists(url_lists: list[str]) -> None:
    """Raise :class:`InputError` for a ``--urls`` file that does not exist or cannot be read."""
    for raw in url_lists:
        path = Path(raw)
        if not path.is_file():
            raise InputError(f"--urls {raw}: no such file (one URL a line)")
        if not os.access(path, os.R_OK):
            raise InputError(f"--urls {raw}: file is not readable (permission denied)")


def read_url_list(path: str) -> Iterator[tuple[int, str]]:
    """``(line number, entry)`` of a ``--urls`` file: one URL a line; blank lines and lines
    starting with ``#`` are skipped."""
    with open(path, encoding="utf-8-sig", errors="replace") as fh:
        for lineno, line in enumerate(fh, 1):
            entry = line.strip()
            if entry and not entry.startswith("#"):
                yield lineno, entry


def estimate_count(paths: list[str], url_lists: list[str] = ()) -> int | None:
    """A quick estimate of the number of documents (for a progress bar's ETA), or None when
    unknown (standard input) or too costly (more than ESTIMATE_MAX_BYTES of row files)."""
    total = 0
    budget = ESTIMATE_MAX_BYTES
    for raw in url_lists:
        try:
            total += sum(1 for _ in read_url_list(raw))
        except OSError:
            pass
    for raw in paths:
        if raw == STDIN:
            return None
        if is_url(raw):
            total += 1
            continue
        path = Path(raw)
        for file in _walk(path) if path.is_dir() else [path]:
            kind = _kind(file)
            try:
                if kind in ("text", "html"):
                    total += 1
                elif kind == "parquet":
                    import pyarrow.parquet as pq

                    total += pq.ParquetFile(file).metadata.num_rows
                else:
                    budget -= file.stat().st_size * (8 if file.name.lower().endswith(".gz") else 1)
                    if budget < 0:
                        return None
                    opener = gzip.open if file.name.lower().endswith(".gz") else open
                    with opener(file, "rb") as fh:
                        lines = sum(
                            block.count(b"\n") for block in iter(lambda: fh.read(1 << 20), b"")
                        )
                    total += max(lines - (kind == "csv"), 0)
            except (OSError, EOFError, ValueError):
                total += 1
    return total


# --------------------------------------------------------------------------- reading


def read_inputs(
    paths: list[str],
    *,
    text_field: str = "text",
    id_field: str = "id",
    outlet_field: str = "outlet",
    max_chars: int = DEFAULT_MAX_CHARS,
    stdin_format: str = "auto",
    on_skip: SkipHandler | None = None,
    strict: bool = False,
    outlet_from: str = "meta",
    url_lists: list[str] = (),
    fetcher: Any = None,
    skip_fetch: Callable[[str], bool] | None = None,
) -> Iterator[Document]:
    """Yield one Document per input document, in input order, streaming.

    ``paths``: files, folders (recursive), ``http://`` and ``https://`` URLs (fetched, one
    document each, id the URL) and ``"-"`` (standard input: JSONL or one plain-text document,
    see ``stdin_format``); then the URLs of each ``url_lists`` file (one a line, blank lines and
    ``#`` comments skipped; source ``FILE:LINE``). Raises :class:`InputError` up front for paths
    that cannot be used, and :class:`FieldError` when a row file named in ``paths`` has no
    ``text_field`` at all (CSV/Parquet: its header; JSONL: no row has it). A file in a folder
    that is not read is passed to ``on_skip(path, reason)``, or with ``strict=True`` yielded as
    an error document.

    ``outlet_from``: ``"meta"`` (the row's ``outlet_field``, or what a page names itself, else
    the domain of its URL) or ``"folder"`` (the same, with the name of the folder a file sits in
    before the domain). ``fetcher``: a :class:`framing.io.fetch.Fetcher` (one is made when a URL
    comes and none is given). ``skip_fetch(url)``: True for a URL whose row the caller already
    has (``--resume``): it is not fetched, and a stand-in document with its id and no text is
    yielded in its place.
    """
    if max_chars < 1:
        raise InputError(f"max_chars must be at least 1, got {max_chars}")
    if stdin_format not in STDIN_FORMATS:
        raise InputError(f"stdin format must be one of {', '.join(STDIN_FORMATS)}, "
                         f"got {stdin_format!r}")
    if outlet_from not in OUTLET_FROM:
        raise InputError(f"outlet_from must be one of {', '.join(OUTLET_FROM)}, "
                         f"got {outlet_from!r}")
    url_lists = list(url_lists)
    if paths or not url_lists:
        check_inputs(paths)
    check_url_lists(url_lists)
    fields = _Fields(text_field, id_field, outlet_field, max_chars, outlet_from)
    urls = _Urls(fetcher, skip_fetch, fields)
    for raw in paths:
        if raw == STDIN:
            yield from _read_stdin(sys.stdin.buffer, stdin_format, fields)
            continue
        if is_url(raw):
            yield urls.read(raw, raw)
            continue
        path = Path(raw)
        if path.is_dir():
            for file, reason in _entries(path):
                rel = file.relative_to(path).as_posix()
                if reason is None:
                    yield from _read_file(file, str(file), rel, fields, in_folder=True)
                elif strict:
                    yield Document(id=rel, text="", source=str(file),
                                   error=f"{file}: skipped (--strict): {reason}")
                elif on_skip is not None:
                    on_skip(file, reason)
        else:
            yield from _read_file(path, raw, path.name, fields)
    for raw in url_lists:
        for lineno, entry in read_url_list(raw):
            source = f"{raw}:{lineno}"
            if is_url(entry):
                yield urls.read(entry, source)
            else:
                yield Document(id=entry, text="", source=source,
                               error=f"{source}: {entry!r} is not an http:// or https:// "
                               "address; put one URL on each line (# starts a comment)")


class _Urls:
    """Reads URL inputs: fetched (politely, :mod:`framing.io.fetch`), then read as HTML."""

    def __init__(self, fetcher: Any, skip_fetch: Callable[[str], bool] | None, fields: "_Fields"):
        self.fetcher, self.skip_fetch, self.fields = fetcher, skip_fetch, fields

    def read(self, url: str, source: str) -> Document:
        if self.skip_fetch is not None and self.skip_fetch(url):
            return Document(id=url, text="", source=source, url=url)
        if self.fetcher is None:
            from .fetch import Fetcher

            self.fetcher = Fetcher()
        page = self.fetcher.fetch(url)
        if page.error:
            return Document(id=url, text="", source=source, url=page.final_url or url,
                            error=f"{url}: {page.error}")
        try:
            return html_document(page.body or b"", doc_id=url, source=source,
                                 max_chars=self.fields.max_chars, url=page.final_url or url,
                                 charset=page.charset)
        except Exception as exc:  # noqa: BLE001 - one page never stops a run
            what = exc if isinstance(exc, InputError) else f"{type(exc).__name__}: {exc}"
            return Document(id=url, text="", source=source, url=page.final_url or url,
                            error=f"{url}: cannot read the page: {what}")


def _read_stdin(fh: BinaryIO, stdin_format: str, fields: "_Fields") -> Iterator[Document]:
    buffered = io.BufferedReader(fh) if not hasattr(fh, "peek") else fh
    if stdin_format == "auto":
        stdin_format = "jsonl" if _looks_like_jsonl(buffered.peek(SAMPLE_BYTES)[:SAMPLE_BYTES]) \
            else "text"
    if stdin_format == "jsonl":
        yield from _read_jsonl_stream(buffered, "<stdin>", "stdin", fields)
        return
    try:
        yield _read_text_stream(buffered, "<stdin>", STDIN_TEXT_ID, fields.max_chars)
    except Exception as exc:  # noqa: BLE001 - one input never stops a run
        yield Document(id=STDIN_TEXT_ID, text="", source="<stdin>",
                       error=f"<stdin>: cannot read: {type(exc).__name__}: {exc}")


def _looks_like_jsonl(head: bytes) -> bool:
    """Standard input holds JSONL when its first non-blank character opens a JSON object
    (or it is empty); anything else is one plain-text document."""
    if not head.strip():
        return True
    codec, _ = detect_encoding(head, final=False)
    text = codecs.getincrementaldecoder(codec)("replace").decode(head, final=False)
    return text.lstrip("\ufeff \t\r\n").startswith("{")


def _read_text_stream(fh: BinaryIO, display: str, doc_id: str, max_chars: int) -> Document:
    """One plain-text document from a stream, read up to the size cap (the rest is drained)."""
    cap = 4 * max_chars + 4
    data = fh.read(cap) or b""
    more = False
    while chunk := fh.read(1 << 20):  # drain, so that the writer upstream is not cut off
        more = True
        del chunk
    what = sniff_binary(data[:SAMPLE_BYTES])
    if what:
        return Document(id=doc_id, text="", source=display, error=f"{display}: {what}, not text")
    text, encoding = decode_bytes(data, final=not more)
    text, cut = _cut(text, max_chars)
    return Document(id=doc_id, text=text, source=display, encoding=encoding,
                    truncated=more or cut)


OUTLET_FROM = ("meta", "folder")


class _Fields:
    __slots__ = ("id", "max_chars", "outlet", "outlet_from", "text")

    def __init__(self, text: str, id_: str, outlet: str, max_chars: int,
                 outlet_from: str = "meta"):
        self.text, self.id, self.outlet, self.max_chars = text, id_, outlet, max_chars
        self.outlet_from = outlet_from


def _read_file(path: Path, display: str, rel: str, fields: _Fields, *,
               in_folder: bool = False) -> Iterator[Document]:
    """The documents of one file. Whatever goes wrong while reading it (a corrupt archive, an
    I/O error, a library that fails to import) becomes one error document after the documents
    read so far: one file never stops a run."""
    kind = _kind(path)
    n = 0
    folder = _folder_outlet(path) if fields.outlet_from == "folder" else None
    try:
        if kind == "text":
            doc = _read_text_file(path, display, rel, fields.max_chars)
            doc.outlet = doc.outlet or folder
            yield doc
        elif kind == "html":
            yield _read_html_file(path, display, rel, fields.max_chars, folder)
        else:
            if kind == "jsonl":
                with _open_binary(path) as fh:
                    rows = _read_jsonl_stream(fh, display, rel, fields)
                    for n, doc in enumerate(rows, 1):  # noqa: B007 - n counts what was read
                        yield _with_folder(doc, folder)
            elif kind == "csv":
                for n, doc in enumerate(_read_csv(path, display, rel, fields), 1):  # noqa: B007
                    yield _with_folder(doc, folder)
            elif kind == "parquet":
                for n, doc in enumerate(_read_parquet(path, display, rel, fields), 1):  # noqa: B007
                    yield _with_folder(doc, folder)
    except FieldError as exc:
        if not in_folder:
            raise  # the file was named with options that do not fit it: a usage error
        yield Document(id=rel, text="", source=display, error=str(exc))
    except Exception as exc:  # noqa: BLE001 - one file never stops a run
        what = exc if isinstance(exc, (OSError, EOFError, InputError)) \
            else f"{type(exc).__name__}: {exc}"
        if n:
            # A row file that breaks mid-way (corrupt gzip, unreadable Parquet, I/O error): the
            # rows read so far are out; the rest of the file becomes one error row.
            yield Document(id=f"{rel}:unreadable", text="", source=display,
                           error=f"{display}: cannot read the rest of the file: {what}")
        else:
            yield Document(id=rel if kind in ("text", "html") else f"{rel}:unreadable",
                           text="", source=display, error=f"{display}: cannot read: {what}")


def _folder_outlet(path: Path) -> str | None:
    """``--outlet-from folder``: the name of the folder a file sits in."""
    return path.resolve().parent.name or None


def _with_folder(doc: Document, folder: str | None) -> Document:
    if folder and not doc.outlet:
        doc.outlet = folder
    return doc


def _open_binary(path: Path) -> BinaryIO:
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def _read_capped(path: Path, cap: int) -> tuple[bytes, bool]:
    with open(path, "rb") as fh:
        data = fh.read(cap)
        more = bool(fh.read(1))
    return data, more


def _cut(text: str, max_chars: int) -> tuple[str, bool]:
    if len(text) > max_chars:
        return text[:max_chars], True
    return text, False


def _read_text_file(path: Path, display: str, rel: str, max_chars: int) -> Document:
    data, more = _read_capped(path, 4 * max_chars + 4)
    what = sniff_binary(data[:SAMPLE_BYTES])
    if what:
        return Document(id=rel, text="", source=display, error=f"{display}: {what}, not text")
    text, encoding = decode_bytes(data, final=not more)
    text, cut = _cut(text, max_chars)
    return Document(id=rel, text=text, source=display, encoding=encoding, truncated=more or cut)


def _read_html_file(path: Path, display: str, rel: str, max_chars: int,
                    folder: str | None = None) -> Document:
    data, more = _read_capped(path, 8 * max_chars)
    return html_document(data, doc_id=rel, source=display, max_chars=max_chars, more=more,
                         folder=folder)


def html_document(data: bytes, *, doc_id: str, source: str, max_chars: int = DEFAULT_MAX_CHARS,
                  more: bool = False, url: str | None = None, charset: str | None = None,
                  folder: str | None = None) -> Document:
    """One Document from the bytes of an HTML page (a saved file, or a fetched page whose
    address is ``url`` and whose Content-Type names ``charset``): the article text
    (trafilatura) and what the page says about itself (:func:`framing.io.pages.page_metadata`:
    outlet, title, date, author, canonical URL). ``folder``: the outlet when the page names
    none (``--outlet-from folder``), before the domain of its URL. ``more``: the bytes were
    cut at the size cap."""
    what = sniff_binary(data[:SAMPLE_BYTES])
    if what:
        return Document(id=doc_id, text="", source=source, outlet=folder, url=url,
                        error=f"{source}: {what}, not HTML")
    declared = _META_CHARSET.search(data[:8192])
    hint = charset or (declared.group(1).decode("ascii", "ignore") if declared else None)
    html, encoding = decode_bytes(data, final=not more, hint=hint)
    text = extract_html_text(html)  # first: it says what to do when trafilatura cannot load
    from .pages import page_metadata

    page = page_metadata(html, url=url)
    doc = Document(id=doc_id, text="", source=source, encoding=encoding, truncated=more,
                   outlet=page.outlet(folder), title=page.title, date=page.date,
                   author=page.author, url=page.url)
    if not text or not text.strip():
        doc.error = "no article text found in HTML (navigation only?)"
        return doc
    doc.text, cut = _cut(text, max_chars)
    doc.truncated = more or cut
    return doc


def extract_html_text(html: str) -> str | None:
    """The article text of an HTML page (trafilatura), without comments or link blocks.
    Raises :class:`InputError` when trafilatura cannot be imported (a broken install)."""
    try:
        import trafilatura  # slow to import; only HTML inputs pay for it
    except Exception as exc:  # noqa: BLE001 - e.g. jusText needing lxml_html_clean (issue 10)
        raise InputError(
            f"HTML cannot be read: trafilatura failed to import ({type(exc).__name__}: {exc}); "
            "reinstall framing so that its dependencies (lxml_html_clean among them) are present"
        ) from exc

    try:
        return trafilatura.extract(
            html,
            include_comments=False,  # reader comments are not the outlet's voice
            favor_precision=True,  # drop "related articles", teasers and boilerplate
            fast=True,  # no readability/jusText fallback: on a navigation-only page it returns
            # the menu's link text as if it were the article
            include_tables=True,
            include_links=False,
            include_images=False,
            with_metadata=False,
            output_format="txt",
        )
    except Exception as exc:  # noqa: BLE001  trafilatura/lxml on hostile markup: one row, not a crash
        log.debug("trafilatura failed: %s", exc)
        return None


# --------------------------------------------------------------------------- rows


def _page_value(v: Any) -> str | None:
    """A row's title / date / author / url as text (a date or timestamp in ISO 8601)."""
    if v is None or v == "":
        return None
    if hasattr(v, "isoformat"):  # datetime.date/datetime, pandas Timestamp
        if getattr(v, "tzinfo", None) is None and hasattr(v, "hour") and \
                (v.hour, v.minute, v.second, v.microsecond) == (0, 0, 0, 0):
            return v.date().isoformat()  # a date read as a midnight timestamp (pandas, Parquet)
        return v.isoformat()
    if isinstance(v, float) and v != v:  # NaN
        return None
    return str(v)


def _row_document(
    row: dict[str, Any], fields: _Fields, source: str, fallback_id: str, encoding: str | None
) -> Document:
    """A Document from one parsed row (JSONL object, CSV record, Parquet row)."""
    raw_id = row.get(fields.id)
    doc_id = fallback_id if raw_id is None or raw_id == "" else str(raw_id)
    outlet = row.get(fields.outlet)
    outlet = None if outlet is None or outlet == "" else str(outlet)
    own = (fields.text, fields.id, fields.outlet, *PAGE_COLUMNS)
    meta = {k: v for k, v in row.items() if k not in own}
    doc = Document(id=doc_id, text="", source=source, outlet=outlet, meta=meta, encoding=encoding,
                   **{k: _page_value(row.get(k)) for k in PAGE_COLUMNS})
    text = row.get(fields.text)
    if fields.text not in row or text is None:
        doc.error = (
            f"{source}: field '{fields.text}' is missing; "
            "use --text-field to name the column that holds the article text"
        )
    elif not isinstance(text, str):
        doc.error = f"{source}: field '{fields.text}' is a {type(text).__name__}, not text"
    else:
        doc.text, doc.truncated = _cut(text, fields.max_chars)
    return doc


def _read_jsonl_stream(fh: BinaryIO, display: str, rel: str, fields: _Fields) -> Iterator[Document]:
    """JSONL, one object a line. Malformed lines and rows without text become error rows; if
    none of the first FIELD_PROBE_ROWS rows has the text field, raise FieldError."""
    buffered = io.BufferedReader(fh) if not hasattr(fh, "peek") else fh
    head = buffered.peek(SAMPLE_BYTES)[:SAMPLE_BYTES]
    codec, label = detect_encoding(head, final=False)
    if codec.startswith(("utf-16", "utf-32")):
        lines: Any = (ln.encode("utf-8") for ln in io.TextIOWrapper(buffered, codec, "replace"))
        codec, label = "utf-8", codec
    else:
        lines = buffered
    held: list[Document] = []  # rows before the first one with the text field (text-free)
    seen_keys: dict[str, None] = {}
    n_missing = 0
    field_found = False
    for lineno, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        source = f"{display}:{lineno}"
        fallback = f"{rel}:{lineno}"
        try:
            line = raw.decode(codec)
            encoding = label
        except UnicodeDecodeError:
            line = raw.decode(codec, errors="replace")
            encoding = REPLACED_UTF8 if codec == "utf-8" else f"{codec} (invalid bytes replaced)"
        if lineno == 1:
            line = line.lstrip("\ufeff")
        try:
            obj = json.loads(line)
            problem = None if isinstance(obj, dict) else (
                f"{source}: line is a JSON {type(obj).__name__}, not an object")
        except ValueError as exc:
            problem = f"{source}: malformed JSON line ({exc})"
        if problem:
            doc = Document(id=fallback, text="", source=source, encoding=encoding, error=problem)
        else:
            if not field_found:
                if fields.text in obj:
                    field_found = True
                else:
                    n_missing += 1
                    seen_keys.update(dict.fromkeys(obj))
            doc = _row_document(obj, fields, source, fallback, encoding)
        if field_found:
            if held:
                yield from held
                held.clear()
            yield doc
        else:
            held.append(doc)
            if n_missing >= FIELD_PROBE_ROWS:
                break
    if not field_found and n_missing:
        raise FieldError(
            f"{display}: no row has the field '{fields.text}'; fields are: "
            f"{', '.join(list(seen_keys)[:30])}; "
            "use --text-field to name the field that holds the article text"
        )
    yield from held  # only malformed lines, or an empty file


def _read_csv(path: Path, display: str, rel: str, fields: _Fields) -> Iterator[Document]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # default 128 KB is shorter than articles
    delimiter = "\t" if path.name.lower().removesuffix(".gz").endswith(".tsv") else ","
    with _open_binary(path) as raw:
        buffered = io.BufferedReader(raw) if not hasattr(raw, "peek") else raw
        head = buffered.peek(SAMPLE_BYTES)[:SAMPLE_BYTES]
        what = sniff_binary(head)
        if what:
            yield Document(id=rel, text="", source=display, error=f"{display}: {what}, not CSV")
            return
        codec, label = detect_encoding(head, final=False)
        text = io.TextIOWrapper(buffered, encoding=codec, errors="replace", newline="")
        reader = csv.DictReader(text, delimiter=delimiter)
        columns = reader.fieldnames
        if not columns:
            return  # empty file: no documents
        columns[0] = columns[0].removeprefix("\ufeff")
        if fields.text not in columns:
            raise FieldError(
                f"{display}: no column '{fields.text}'; columns are: {', '.join(columns)}; "
                "use --text-field to name the column that holds the article text"
            )
        rowno = 0
        while True:
            rowno += 1
            source = f"{display}:row {rowno}"
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield Document(
                    id=f"{rel}:row {rowno}",
                    text="",
                    source=source,
                    encoding=label,
                    error=f"{source}: malformed CSV record ({exc})",
                )
                continue
            extra = row.pop(None, None)  # type: ignore[call-overload]
            if extra:
                row["_extra_fields"] = json.dumps(extra, ensure_ascii=False)
            yield _row_document(row, fields, source, f"{rel}:row {rowno}", label)


def _read_parquet(path: Path, display: str, rel: str, fields: _Fields) -> Iterator[Document]:
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(path)
    columns = pf.schema_arrow.names
    if fields.text not in columns:
        raise FieldError(
            f"{display}: no column '{fields.text}'; columns are: {', '.join(columns)}; "
            "use --text-field to name the column that holds the article text"
        )
    rowno = 0
    for batch in pf.iter_batches(batch_size=256):
        for row in batch.to_pylist():
            rowno += 1
            source = f"{display}:row {rowno}"
            yield _row_document(row, fields, source, f"{rel}:row {rowno}", None)

"""The unit that travels through framing: one text and where it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Document:
    """One input document.

    ``id`` is stable (the row id, or the file path relative to the input root).
    ``source`` says where it was read ("corpus.jsonl:17", "site/a.html").
    ``meta`` holds pass-through columns from row formats.
    ``error`` is set by a reader that could not produce a text (binary file, bad JSON line);
    such a document is still emitted so that it gets its row in the output.
    ``title``, ``date`` (ISO 8601), ``author`` and ``url`` come from a page's metadata
    (:mod:`framing.io.pages`) or a row's columns of those names; ``None`` where not given.
    """

    id: str
    text: str
    source: str = ""
    outlet: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    encoding: str | None = None
    truncated: bool = False
    error: str | None = None
    title: str | None = None
    date: str | None = None
    author: str | None = None
    url: str | None = None

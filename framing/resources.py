"""Locate and parse the data files shipped in features/ and models/.

In a source checkout (or an editable install) they sit at the top of the repository; in an
installed wheel they are carried inside the package as ``framing/_data/{features,models}``.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

from .errors import ResourceError

_PKG = Path(__file__).resolve().parent


@functools.lru_cache(maxsize=None)
def data_dir(name: str) -> Path:
    """Return the directory ``features`` or ``models``, wheel layout first."""
    for candidate in (_PKG / "_data" / name, _PKG.parent / name):
        if candidate.is_dir():
            return candidate
    raise ResourceError(
        f"framing data directory '{name}' not found next to {_PKG}; "
        "reinstall framing (the wheel carries features/ and models/)"
    )


@dataclass(frozen=True)
class TermList:
    """A one-term-a-line list with its header fields (``# key: value`` lines)."""

    path: Path
    header: dict[str, str]
    terms: tuple[str, ...]

    @property
    def category(self) -> str:
        return self.header.get("category", self.path.stem)


def parse_term_file(path: Path) -> TermList:
    """Parse a term list: ``# key: value`` header lines, ``#`` comments and blanks are skipped."""
    header: dict[str, str] = {}
    terms: list[str] = []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ResourceError(f"cannot read term list {path}: {exc}") from exc
    seen: set[str] = set()
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            body = stripped.lstrip("#").strip()
            if ":" in body:
                key, _, value = body.partition(":")
                key = key.strip().lower()
                if key and " " not in key and key not in header:
                    header[key] = value.strip()
            continue
        term = " ".join(stripped.split())
        if term.lower() not in seen:
            seen.add(term.lower())
            terms.append(term)
    for required in ("source", "licence"):
        if required not in header:
            raise ResourceError(f"term list {path} has no '# {required}:' header line")
    return TermList(path=path, header=header, terms=tuple(terms))


@functools.lru_cache(maxsize=None)
def term_lists(lang: str, kind: str) -> tuple[TermList, ...]:
    """All term lists of one kind (``loaded``, ``cues``, ``style``) for a language, sorted."""
    folder = data_dir("features") / lang / kind
    if not folder.is_dir():
        return ()
    return tuple(parse_term_file(p) for p in sorted(folder.glob("*.txt")))


@functools.lru_cache(maxsize=None)
def term_list(lang: str, kind: str, name: str) -> TermList | None:
    path = data_dir("features") / lang / kind / f"{name}.txt"
    return parse_term_file(path) if path.is_file() else None


@functools.lru_cache(maxsize=None)
def features_digest() -> str:
    """SHA-256 over every data file under features/, so a model records the lexicons it saw."""
    root = data_dir("features")
    h = hashlib.sha256()
    for p in sorted(root.rglob("*.txt")):
        h.update(p.relative_to(root).as_posix().encode())
        h.update(b"\0")
        h.update(p.read_bytes())
    return h.hexdigest()

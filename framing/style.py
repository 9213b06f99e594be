"""The style channel: function-word and punctuation n-grams of a masked text.

Text distortion (Stamatatos 2017, "Authorship attribution using text distortion"): every word
outside a short list of the language's most frequent function words is replaced by its shape
(``X`` capitalised, ``x`` lower case, ``0`` a number), punctuation, quote marks and dashes stay.
What is left is how an outlet writes (``" , X said .``, ``according to X``, ``x ! !``, ``we x
the x``), not what it writes about: the topic words that a bag of words learns are gone, so the
channel carries over to a corpus about one event it never saw.

Two choices make it robust to how a text was collected:

- quote marks and dashes are folded to one form each (``“”„«»"`` -> ``"``, ``–—`` -> ``-``):
  which ones a page uses is a property of its CMS, not its framing;
- commas and apostrophes are dropped before masking, so a text whose commas and apostrophes
  were stripped at the source reads exactly as the intact one (both occur in real scrapes).

The same function serves training and scoring, so the two can never disagree; scoring needs
only this module and the model's arrays (no scikit-learn).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Iterable, Iterator, Sequence

# A word (letters of any script, inner apostrophes removed beforehand), a number, or one
# punctuation character. Offsets are into the original text.
_TOKEN = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*|\d+(?:[.,:]\d+)*|[^\w\s]")
_PUNCT_FOLD = {
    "“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"', "″": '"', "＂": '"',
    "‘": "'", "‚": "'", "‹": '"', "›": '"',
    "–": "-", "—": "-", "―": "-", "‒": "-", "−": "-",
    "…": ".",
}
# Dropped before masking: their presence depends on how a page was scraped (see module doc).
_DROPPED = frozenset(",'’ʼ`´")


def style_input(text: str, credits: Sequence[dict] = ()) -> str:
    """The text the style channel reads: the document with its datelines blanked out (same
    length, so offsets hold). A dateline ("PYONGYANG, May 2 (KCNA) --", "MOSCOW, May 2 /TASS/")
    is an agency's house format: it says which agency, not how it frames, and it would tie the
    channel to the agencies of the training corpus (the registry keeps it as evidence)."""
    spans = [(c["start"], c["end"]) for c in credits if c.get("kind") == "dateline"]
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        for i in range(max(0, start), min(len(chars), end)):
            if not chars[i].isspace():
                chars[i] = " "
    return "".join(chars)


@dataclass(frozen=True)
class MaskedText:
    """Masked tokens of a text with their character offsets in the original."""

    tokens: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]


def mask(text: str, keep: frozenset[str]) -> MaskedText:
    """Mask ``text``: words in ``keep`` (lower-cased) stay, others become their shape."""
    toks: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for m in _TOKEN.finditer(text):
        w = m.group()
        c = w[0]
        if c.isalpha():
            lw = w.lower()
            if "'" in lw or "’" in lw or "ʼ" in lw:
                lw = lw.replace("'", "").replace("’", "").replace("ʼ", "")
            if lw in keep:
                tok = lw
            else:
                tok = "X" if c.isupper() else "x"
        elif c.isdigit():
            tok = "0"
        elif c in _DROPPED:
            continue
        else:
            tok = _PUNCT_FOLD.get(c, c)
        toks.append(tok)
        starts.append(m.start())
        ends.append(m.end())
    return MaskedText(tuple(toks), tuple(starts), tuple(ends))


def ngrams(masked: MaskedText, orders: Sequence[int]) -> Iterator[tuple[str, int, int]]:
    """Every n-gram of the given orders: (``"tok tok tok"``, start, end) in text order."""
    toks, starts, ends = masked.tokens, masked.starts, masked.ends
    n_tok = len(toks)
    for n in orders:
        for i in range(n_tok - n + 1):
            yield " ".join(toks[i:i + n]), starts[i], ends[i + n - 1]


def ngram_counts(masked: MaskedText, orders: Sequence[int]) -> dict[str, int]:
    """Counts of every n-gram of the given orders."""
    toks = masked.tokens
    n_tok = len(toks)
    counts: dict[str, int] = {}
    get = counts.get
    for n in orders:
        for i in range(n_tok - n + 1):
            g = " ".join(toks[i:i + n])
            counts[g] = get(g, 0) + 1
    return counts


def weigh(counts: dict[str, int], vocab: dict[str, int], idf: Sequence[float]
          ) -> tuple[list[int], list[float]]:
    """Sparse TF-IDF row over a fixed vocabulary: (1 + log tf) x idf, L2-normalised.

    Returns column indices and values (n-grams outside the vocabulary are ignored).
    """
    idx: list[int] = []
    val: list[float] = []
    for g, c in counts.items():
        j = vocab.get(g)
        if j is not None:
            idx.append(j)
            val.append((1.0 + math.log(c)) * idf[j])
    norm = math.sqrt(sum(v * v for v in val))
    if norm > 0:
        val = [v / norm for v in val]
    return idx, val


def locate(masked: MaskedText, grams: Iterable[str], orders: Sequence[int],
           limit: int = 20) -> dict[str, list[list[int]]]:
    """Character spans of the given n-grams in the original text (at most ``limit`` each)."""
    wanted = set(grams)
    spans: dict[str, list[list[int]]] = {g: [] for g in wanted}
    for g, s, e in ngrams(masked, orders):
        if g in wanted and len(spans[g]) < limit:
            spans[g].append([s, e])
    return spans


__all__ = ["MaskedText", "style_input", "mask", "ngrams", "ngram_counts", "weigh", "locate"]

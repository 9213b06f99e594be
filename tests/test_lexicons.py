"""Checks on the term lists shipped under features/ (format, headers, duplicates, coverage)."""

from __future__ import annotations

from pathlib import Path

import pytest

from framing.resources import parse_term_file

FEATURES = Path(__file__).resolve().parent.parent / "features"
ALL_LISTS = sorted(FEATURES.rglob("*.txt"))

# languages whose text the code lemmatises with simplemma before matching
LEMMATISED = {"ru", "uk", "lv"}

EN_LOADED = {
    "terror_violence": 20,
    "delegitimising": 20,
    "conspiracy_blame": 20,
    "dehumanising_insult": 20,
    "loaded_language": 20,
    "scare_labels": 5,
}
EN_CUES = ["reporting_verbs", "attribution_phrases", "anonymous_sources", "agencies", "speaker_roles",
           "literal_senses"]
EN_STYLE = ["hedges", "intensifiers", "first_person", "second_person", "comment_markers"]


def _ids(paths):
    return [p.relative_to(FEATURES).as_posix() for p in paths]


def _raw_terms(path: Path) -> list[str]:
    """Term lines as written (parse_term_file drops duplicates, so look at the file itself)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            out.append(" ".join(stripped.split()))
    return out


def test_there_are_lists():
    assert ALL_LISTS, f"no term lists under {FEATURES}"


@pytest.mark.parametrize("path", ALL_LISTS, ids=_ids(ALL_LISTS))
def test_list_parses_with_headers(path: Path):
    tl = parse_term_file(path)
    for key in ("source", "licence", "category", "language", "description", "matching"):
        assert tl.header.get(key), f"{path}: missing or empty '# {key}:' header"
    assert tl.terms, f"{path}: no terms"
    lang = path.relative_to(FEATURES).parts[0]
    assert tl.header["language"] == lang, f"{path}: language header {tl.header['language']!r} != folder {lang!r}"


@pytest.mark.parametrize("path", ALL_LISTS, ids=_ids(ALL_LISTS))
def test_category_matches_stem(path: Path):
    tl = parse_term_file(path)
    # required for loaded/ (the code keys categories on it); kept consistent everywhere
    assert tl.header.get("category") == path.stem


@pytest.mark.parametrize("path", ALL_LISTS, ids=_ids(ALL_LISTS))
def test_terms_well_formed(path: Path):
    raw = _raw_terms(path)
    seen: dict[str, str] = {}
    for term in raw:
        assert term, f"{path}: empty term"
        assert not term.startswith("#"), f"{path}: term starts with '#': {term!r}"
        assert " #" not in term, f"{path}: looks like an inline comment: {term!r}"
        for tok in term.split():
            assert tok != "*", f"{path}: bare wildcard in {term!r}"
            assert "*" not in tok[:-1], f"{path}: '*' only allowed at the end of a token: {term!r}"
        key = term.lower()
        assert key not in seen, f"{path}: duplicate term {term!r} (also {seen[key]!r})"
        seen[key] = term


def test_headers_parse_without_term_leaks():
    """Header/comment lines must not become terms (a '#' must start every non-term line)."""
    for path in ALL_LISTS:
        tl = parse_term_file(path)
        assert len(tl.terms) == len(_raw_terms(path)), path


@pytest.mark.parametrize("name,minimum", sorted(EN_LOADED.items()))
def test_english_loaded_categories(name: str, minimum: int):
    path = FEATURES / "en" / "loaded" / f"{name}.txt"
    assert path.is_file(), f"missing {path}"
    tl = parse_term_file(path)
    assert tl.category == name
    assert len(tl.terms) >= minimum, f"{path}: {len(tl.terms)} terms < {minimum}"


@pytest.mark.parametrize("kind,name", [("cues", n) for n in EN_CUES] + [("style", n) for n in EN_STYLE])
def test_english_cue_and_style_lists_exist(kind: str, name: str):
    path = FEATURES / "en" / kind / f"{name}.txt"
    assert path.is_file(), f"missing {path}"
    assert len(parse_term_file(path).terms) >= 5


def test_scare_labels_leave_out_neutral_wire_words():
    terms = {t.lower() for t in parse_term_file(FEATURES / "en" / "loaded" / "scare_labels.txt").terms}
    assert "alleged" not in terms and "allegedly" not in terms


def test_other_languages_have_the_same_loaded_categories():
    for lang_dir in sorted(p for p in FEATURES.iterdir() if p.is_dir() and p.name != "en"):
        loaded = lang_dir / "loaded"
        if not loaded.is_dir():
            continue
        stems = {p.stem for p in loaded.glob("*.txt")}
        assert stems <= set(EN_LOADED) | {"bias_lexicon"}, f"{lang_dir.name}: unknown categories {stems - set(EN_LOADED)}"


# simplemma's lemmatiser is not idempotent for a few words: the lemma it returns for a typical text
# form (данным -> данные, Киева -> киев) lemmatises to something else again (данные -> данный,
# киев -> кий). The lists hold what the text form gives, and the matcher reads list words as
# written as well as lemmatised again (framing.lexicon.list_forms), so these words match although they
# are not their own lemma.
KNOWN_NON_FIXED_POINTS = {
    "ru": {"вопиющий", "данные", "имеющийся", "клик", "ложный", "определенный", "позорный", "правящий",
           "промытый", "тёмный", "киев", "соединенный"},
    "uk": {"всі", "кровопивце", "пресконференція", "литва", "мінський"},
    "lv": {"dēvētas", "idiote", "muļķe", "pseidovēlēšana", "sauktas", "virsa", "ārējais", "žurka",
           "viļņa", "francija", "ķīniete", "korejiete", "indija", "tuvais"},
}

# The style channel's function-word lists hold surface forms (framing.style masks word forms, it
# does not lemmatise): inflected pronouns are listed one by one on purpose.
LEMMA_LISTS = [p for p in ALL_LISTS if p.relative_to(FEATURES).parts[0] in LEMMATISED
               and p.stem != "function_words"]


@pytest.mark.parametrize("path", LEMMA_LISTS, ids=_ids(LEMMA_LISTS))
def test_lemmatised_lists_are_lemma_stable(path: Path):
    """In ru/uk/lv lists every word is a lemma simplemma returns (for itself, or for the text forms
    listed in KNOWN_NON_FIXED_POINTS): a surface form written by mistake would never match."""
    simplemma = pytest.importorskip("simplemma")
    lang = path.relative_to(FEATURES).parts[0]
    bad = []
    for term in parse_term_file(path).terms:
        for tok in term.split():
            if tok.endswith("*") or not any(ch.isalpha() for ch in tok):
                continue
            if tok.lower() in KNOWN_NON_FIXED_POINTS.get(lang, set()):
                continue
            if simplemma.lemmatize(tok, lang=lang).lower() != tok.lower():
                bad.append(f"{term!r}: {tok!r} -> {simplemma.lemmatize(tok, lang=lang)!r}")
    assert not bad, f"{path}: words that are not their own lemma:\n" + "\n".join(bad)


@pytest.mark.parametrize("path", LEMMA_LISTS, ids=_ids(LEMMA_LISTS))
def test_every_lemmatised_term_matches_itself_written_in_a_text(path: Path):
    """A term typed into a text as listed must be found: the matcher lemmatises text words, and
    must still recognise list words whose lemma differs from the form listed ("т.н.", "данные")."""
    pytest.importorskip("simplemma")
    from framing.lexicon import matcher, tokenize

    lang, kind = path.relative_to(FEATURES).parts[:2]
    m = matcher(lang, kind, path.stem)
    missed = []
    for term in parse_term_file(path).terms:
        if "*" in term:
            continue
        toks = tokenize(term, lang)
        toks.index(m.start_forms.intersection(toks.counts))
        found = m.find(toks)
        if not (found and found[0].start_token == 0 and found[-1].end_token == len(toks)):
            missed.append(term)
    assert not missed, f"{path}: terms that do not match themselves: {missed}"

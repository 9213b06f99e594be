"""Attribution: the speaker and reporting verb of each quotation, and reported speech.

A source is found next to its reporting verb by capitalisation, role nouns and pronouns (no
part-of-speech tagger): "Interior Minister X said", '", said X', "X, the mayor, said", "according
to X". A sentence with an attribution is quoted voice (:mod:`framing.analysis`).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from ..lexicon import Match, Tokens, normalise
from ..profile import LanguageProfile
from .credits import Credit
from .quotes import Quote

_PRONOUNS = frozenset(
    "he she they it we i him her them я мы он она они оно ви ви вони він вона воно вони "
    "viņš viņa viņi mēs es ол олар біз мен".split()
)
_RELATIVE = frozenset(
    "who which that кто который которая которые який яка які kas kurš kura".split())
_THAT = frozenset("that if whether что чтобы що щоб ka vai ол".split())
_ADDRESSEE_VERBS = frozenset("told tell tells telling asked informed briefed".split())
_OBJECT_PRONOUNS = _PRONOUNS - {"he", "she", "он", "она", "він", "вона"}
_LINKERS = frozenset("the a an of for at in to and 's".split())
# Words between a subject and its reporting verb: auxiliaries, adverbs, "sought to", weekdays
# ("Tokayev has also said", "Norland has sought to frame", "Ozols otrdien paziņoja"). Passive
# auxiliaries (was, were) are left out: "Tokayev was described as" names no speaker.
_SUBJECT_GAP = frozenset(
    "has have had also later earlier previously then again repeatedly publicly recently "
    "already once sought tried attempted moved to would did does not never "
    "также уже ранее вчера сегодня тоже також вже раніше вчора сьогодні "
    "arī jau vakar šodien iepriekš vēlāk pirmdien otrdien trešdien ceturtdien piektdien "
    "sestdien svētdien".split()
)
# English words after which a reporting-verb form is a noun: "head of state", "the talks",
# "for comment", "his claims"
_NOUN_BEFORE = frozenset(
    "the a an its his her their our my your this these those of for no any some such".split()
)
# Capitalised function words that open sentences and never name a source ("What questions …",
# "Between them …"); pronouns are handled apart
_FUNCTION_WORDS = frozenset(
    "what which how why when where whether this that these those there here as but and so if "
    "while after before during since although though because from with without by yet or nor "
    "now then also however meanwhile instead still even just only many some most all both each "
    "every no not between among under over into onto upon about against such than".split()
)
# English words that may follow a source named after its verb: '", said Tokayev on Monday',
# '", said the minister, who …'; any other lower-case word means the capitalised words were a
# modifier ("called the Russia investigations …")
_AFTER_SOURCE = frozenset(
    "on in at who which and after before during as to of late earlier last this told when while "
    "from for with adding according without".split()
)
_PP_HEADS = frozenset("at of from in".split())
_OBJECTS = frozenset("him her them us me его её ее их него неї їх jį viņu viņus".split())
_NAMED_PRONOUNS = frozenset(
    "he she i we я мы он она він вона ми viņš viņa es mēs ол мен біз".split())


def _is_cap(word: str) -> bool:
    return word[:1].isupper()




def _verb_ok(text: str, toks: Tokens, i: int, c: LanguageProfile) -> bool:
    """Whether the reporting-verb form at token i is used as a verb: not a possessive noun
    ("state's"), not capitalised in English ("Secretary of State", "Reply", "Talks"), not after a
    determiner or preposition ("head of state", "the talks", "for comment")."""
    low = toks.lower[i]
    if low.endswith(("'s", "’s")):
        return False
    if i > 0 and toks.lower[i - 1].endswith(("'s", "’s")) \
            and not text[toks.ends[i - 1] : toks.starts[i]].strip():
        return False  # "an official's answer", "Bondi's allegations"
    if c.english_order:
        if text[toks.starts[i]].isupper():
            # only opening a sentence and followed by its source: 'Said the minister: "…"'
            prev = text[max(0, toks.starts[i] - 3) : toks.starts[i]].strip()
            if prev and prev[-1] not in ".!?\"“”'‘’":
                return False
            if i + 1 >= len(toks) or not (toks.lower[i + 1] in ("the", "a", "an")
                                          or text[toks.starts[i + 1]].isupper()):
                return False
        if i > 0 and toks.lower[i - 1] in _NOUN_BEFORE \
                and not text[toks.ends[i - 1] : toks.starts[i]].strip():
            return False
    return True


def _speaker(text: str, toks: Tokens, v: int, lo: int, hi: int, c: LanguageProfile,
             first: int = -1) -> str | None:
    """The source noun phrase next to the reporting verb at token v (within [lo, hi)).

    ``first`` is the sentence's first token, where a capitalised word may be a function word.
    """
    def ok(i: int) -> bool:
        if toks.norm[i] in c.not_speakers or toks.lower[i] in _FUNCTION_WORDS:
            return False
        return (_is_cap(text[toks.starts[i] : toks.ends[i]]) or toks.norm[i] in c.roles
                or toks.lower[i] in _PRONOUNS)

    def adj(a: int, b: int) -> bool:  # tokens a < b separated by blanks only (no comma, no mark)
        gap = text[toks.ends[a] : toks.starts[b]]
        if not gap.strip():
            return True
        # "RFE/RL", "AT&T": one name across a slash or ampersand between capitals
        return gap in ("/", "&") and text[toks.starts[a]].isupper() \
            and text[toks.starts[b]].isupper()

    before = None
    # between the subject and the verb: "has also", "sought to", "on Monday", "otrdien"
    i = v - 1
    while i >= lo and v - i <= 4 and adj(i, i + 1) and (
            (toks.lower[i] in _SUBJECT_GAP and (toks.lower[i] != "to" or (
                i - 1 >= lo and toks.lower[i - 1] in _SUBJECT_GAP)))
            or (toks.norm[i] in c.not_speakers and not ok(i))
            # an adverb after a source: "As he bluntly says", "Tokayev repeatedly said"
            or (c.english_order and toks.lower[i].endswith("ly") and not ok(i)
                and toks.norm[i] not in c.roles and i - 1 >= lo and ok(i - 1))
            or (toks.lower[i] in ("on", "last", "this") and toks.norm[i + 1] in c.not_speakers)):
        i -= 1
    last = i
    # a source with a short phrase after its head: "Speakers at the rally said", "residents of
    # the town said", "officials in the region told"
    if c.english_order and last >= lo and not ok(last) and toks.lower[last] not in _FUNCTION_WORDS:
        for k in range(last - 1, max(lo, last - 3), -1):
            if toks.lower[k] in _PP_HEADS:
                if k - 1 >= lo and ok(k - 1) and toks.lower[k - 1] not in _PRONOUNS and all(
                        adj(m, m + 1) for m in range(k - 1, last + 1)) and all(
                        toks.lower[m] not in _FUNCTION_WORDS or toks.lower[m] in _LINKERS
                        for m in range(k + 1, last + 1)):
                    s = k - 1
                    while s - 1 >= lo and adj(s - 1, s) and ok(s - 1) and k - s < 6:
                        s -= 1
                    while s < k and toks.lower[s] in _LINKERS:
                        s += 1
                    return text[toks.starts[s] : toks.ends[last]]
                break
    # before the verb: "Interior Minister Erlan Turgumbayev said", "the ministry said"; the word
    # next to the verb must be part of the source ("CSTO for responding" names no speaker)
    if last >= lo and adj(last, last + 1) and ok(last) and toks.lower[last] not in _OBJECTS:
        i = last
        while i >= lo and adj(i, i + 1) and (
                ok(i) or (toks.lower[i] in _LINKERS and i - 1 >= lo and ok(i - 1))):
            i -= 1
            if last - i > 7:
                break
        s = i + 1
        while s <= last and toks.lower[s] in _LINKERS:
            s += 1
        if s <= last:
            before = (s, last)
            # a lone capitalised word opening the sentence ("Kā ziņo", "As reported") is more
            # likely a function word than a speaker: look after the verb first
            if not (s == first and s == last and last == v - 1 and toks.norm[s] not in c.roles
                    and toks.lower[s] not in _PRONOUNS):
                return text[toks.starts[s] : toks.ends[last]]
    elif before is None and last >= lo:
        # an apposition or relative clause between the source and its verb: "Clare Coghill, the
        # leader of the council, said", "Macron, who said", "Li Jie, deputy manager of X, said"
        app = _apposition_source(text, toks, last, v, lo, ok)
        if app is not None:
            return app
    after = _speaker_after(text, toks, v, hi, c, ok, adj)
    if after is not None:
        return after
    return text[toks.starts[before[0]] : toks.ends[before[1]]] if before else None


def _sentence_subject(text: str, toks: Tokens, lo: int, hi: int, c: LanguageProfile) -> str | None:
    """The name that opens a sentence, after an introductory phrase ("In 2012, Rush Limbaugh
    went on …"): the subject a participle clause hangs on ("…, calling her a “…”")."""
    i = lo
    for k in range(lo, min(hi, lo + 5)):  # "In 2012," "On Monday,"
        if text[toks.ends[k] : toks.starts[k + 1]].strip() == "," if k + 1 < len(toks) else False:
            if toks.lower[lo] in _FUNCTION_WORDS or toks.lower[lo] in _LINKERS:
                i = k + 1
            break
    while i < hi and toks.lower[i] in ("the", "a", "an"):
        i += 1
    j = i
    while j < hi and _is_cap(text[toks.starts[j] : toks.ends[j]]) \
            and toks.lower[j] not in _FUNCTION_WORDS and toks.norm[j] not in c.not_speakers \
            and (j == i or not text[toks.ends[j - 1] : toks.starts[j]].strip()):
        j += 1
    if j == i or j - i > 6 or j >= hi or text[toks.starts[j]].isupper():
        return None
    return text[toks.starts[i] : toks.ends[j - 1]]


def _phrase_source(text: str, toks: Tokens, j: int, hi: int, c: LanguageProfile) -> str | None:
    """The source right after an attribution phrase, up to the next mark: "according to data
    from the Institute for Supply Management", "по словам министра"; none unless it has a
    name or a role ("according to the plan" names nobody)."""
    k = j
    while k < hi and k - j < 10 and (k == j or not text[toks.ends[k - 1] : toks.starts[k]].strip()):
        if toks.lower[k] in _THAT:
            break
        k += 1
    if k == j:
        return None
    if not any(_is_cap(text[toks.starts[i] : toks.ends[i]]) or toks.norm[i] in c.roles
               for i in range(j, k)):
        return None
    return text[toks.starts[j] : toks.ends[k - 1]]


_PASSIVE_AUX = frozenset("was were is are been being be".split())


def _passive_agent(text: str, toks: Tokens, v: int, lo: int, hi: int, c: LanguageProfile,
                   in_term) -> str | None:
    """The agent of a passive reporting verb: "The marchers were branded terrorists by state
    television", "The plan was criticised by opposition leaders". The last "by" phrase of the
    clause whose head is a name or a role and which holds no loaded term ("an attack by
    terrorist groups" names the framing, not its author)."""
    if v - 1 < lo or toks.lower[v - 1] not in _PASSIVE_AUX or not toks.lower[v].endswith(
            ("ed", "said", "told", "called")):
        return None
    best = None
    k = v + 1
    while k < min(hi, v + 14):
        if text[toks.ends[k - 1] : toks.starts[k]].strip(" ") not in ("", "\u201d", '"'):
            break  # a comma or a mark ends the clause
        if toks.lower[k] == "by" and k + 1 < hi:
            j = k + 1
            while j < hi and toks.lower[j] in ("the", "a", "an"):
                j += 1
            e = j
            while e < hi and e - j < 5 and toks.lower[e] not in _FUNCTION_WORDS \
                    and toks.lower[e] not in _LINKERS and toks.lower[e] not in _RELATIVE \
                    and toks.lower[e] != "on" \
                    and toks.norm[e] not in c.not_speakers \
                    and not text[toks.ends[e - 1] : toks.starts[e]].strip():
                e += 1
            head = e - 1
            if e > j and not any(in_term[m] for m in range(j, e)) \
                    and not toks.lower[head].endswith(("'s", "’s")) and (
                    _is_cap(text[toks.starts[head] : toks.ends[head]])
                    or toks.norm[head] in c.roles):
                best = text[toks.starts[k + 1] : toks.ends[head]]
        k += 1
    return best


def _apposition_source(text: str, toks: Tokens, last: int, v: int, lo: int, ok) -> str | None:
    """The name before a comma-enclosed apposition or a ", who" clause that ends at the verb."""
    def gap(a: int) -> str:  # text between token a and token a + 1
        return text[toks.ends[a] : toks.starts[a + 1]]

    low_v = toks.lower[v]
    if toks.lower[last] in _RELATIVE and last == v - 1 and last - 1 >= lo \
            and gap(last - 1).strip() == "," \
            and (low_v.endswith("ed") or low_v in ("said", "told")):
        end = last - 1
    elif "," in gap(last) and gap(last).strip() == ",":
        end = None
        for k in range(last - 1, max(lo, last - 14) - 1, -1):
            g = gap(k).strip()
            if g == ",":
                end = k
                break
            if g:  # any other mark: not a simple apposition
                return None
        if end is None or (toks.lower[end + 1] in _FUNCTION_WORDS
                           and toks.lower[end + 1] not in _RELATIVE):
            return None  # "X, which challenged the policy, said" is an apposition too
    else:
        return None
    if not ok(end) or not _is_cap(text[toks.starts[end] : toks.ends[end]]):
        return None
    s = end
    while s - 1 >= lo and not gap(s - 1).strip() and ok(s - 1) and end - s < 5:
        s -= 1
    return text[toks.starts[s] : toks.ends[end]]


def _speaker_after(text: str, toks: Tokens, v: int, hi: int, c: LanguageProfile,
                   ok, adj) -> str | None:
    """After the verb: "said Tokayev", "said the ministry's spokesman", "сообщает пресс-служба",
    "повідомляє міжнародне агентство Northwire" (up to two lower-case modifiers before the head).
    Not "told him", "say it", nor the listener of "told Reuters"."""
    if toks.lower[v] in _ADDRESSEE_VERBS or v + 1 >= hi:
        return None
    if c.english_order and toks.lower[v].endswith("ing"):
        return None  # "…, saying Westminster has been": the clause's subject, not a source
    if c.english_order and v > 0:
        gap = text[toks.ends[v - 1] : toks.starts[v]]
        if not any(ch in ",:;.!?\"“”‘’'—–(\n" for ch in gap):
            return None
    if toks.lower[v + 1] in _THAT:
        return None
    j = v + 1
    if toks.lower[j] in _OBJECT_PRONOUNS:
        return None
    skipped = 0
    if not adj(v, j):
        return None
    while j < hi and not ok(j) and skipped < 2 and toks.lower[j] not in _THAT and adj(j - 1, j):
        j += 1
        skipped += 1
    if j >= hi or not ok(j) or toks.lower[j] in _OBJECT_PRONOUNS or not adj(j - 1, j):
        return None
    def bridge(k: int) -> bool:
        # a lower-case word inside the source phrase: "the" in "said the minister"; in languages
        # whose modifiers follow the head, up to two of them before a name or role ("министр
        # внутренних дел Ерлан Сапаров")
        if toks.lower[k] in _LINKERS:
            return k + 1 < hi and ok(k + 1)
        if c.lang == "en" or toks.lower[k] in _THAT:
            return False
        return any(k + d < hi and adj(k + d - 1, k + d) and ok(k + d) for d in (1, 2))

    while j < hi and adj(j - 1, j) and (ok(j) or bridge(j)):
        j += 1
        if j - v > 9:
            break
    if c.english_order and j < len(toks) and adj(j - 1, j) \
            and not _is_cap(text[toks.starts[j] : toks.ends[j]]) \
            and toks.lower[j] not in _AFTER_SOURCE:
        return None
    return text[toks.starts[v + 1] : toks.ends[j - 1]]


def _is_named(speaker: str, c: LanguageProfile, lang: str, sentence_initial: bool = False) -> bool:
    """A speaker with a proper name ("Tokayev", "the Interior Ministry") or a pronoun that
    refers back to one; "officials", "sources", "Local police" are unnamed. A capital that only
    opens the sentence names nobody when the phrase ends in a role noun ("Local police")."""
    words = speaker.split()
    low = [w.lower().strip(",.") for w in words]
    if any(w in _NAMED_PRONOUNS for w in low):
        return True
    head_is_role = bool(low) and normalise(low[-1], lang) in c.roles
    for k, (w, lw) in enumerate(zip(words, low)):
        if k == 0 and sentence_initial and head_is_role:
            continue
        if _is_cap(w) and normalise(lw, lang) not in c.roles and lw not in _LINKERS:
            return True
    return False


def _tok_range(toks: Tokens, start: int, end: int) -> tuple[int, int]:
    return bisect.bisect_left(toks.starts, start), bisect.bisect_left(toks.starts, end)



@dataclass(frozen=True)
class Attribution:
    """The quotations (direct, with or without a speaker) and reported-speech clauses of a
    text, in order, and which sentences carry an attribution."""

    quotes: list[Quote]
    attributed: list[bool]


def attribute(text: str, toks: Tokens, sents: list[tuple[int, int]], qspans: list[tuple[int, int]],
              credits: list[Credit], c: LanguageProfile, loaded_matches: list[Match],
              end: int | None = None) -> Attribution:
    """Speakers and verbs of the direct quotations ``qspans``, then reported speech sentence by
    sentence (a reporting verb with a source, an attribution phrase, an anonymous source, an
    agency credit). Sentences from ``end`` on (an appended comment thread) are left out."""
    comment_start = len(text) + 1 if end is None else end
    cue_lang = c.lang
    n_sent = len(sents)
    sent_starts = [s for s, _ in sents]
    attributed = [False] * n_sent
    quotes: list[Quote] = []

    def sent_of(pos: int) -> int:
        return max(0, bisect.bisect_right(sent_starts, pos) - 1)

    # a reporting verb inside a loaded phrase ("так называемые") is no verb
    in_term = bytearray(len(toks))
    for m in loaded_matches:
        if m.end_token - m.start_token > 1:  # a one-word term ("slammed") may be the verb
            for k in range(m.start_token, m.end_token):
                in_term[k] = 1

    def find_verb(lo: int, hi: int, from_end: bool) -> int | None:
        rng = range(hi - 1, lo - 1, -1) if from_end else range(lo, hi)
        for i in rng:
            if (toks.norm[i] in c.verbs or toks.lower[i] in c.verbs) and not in_term[i] \
                    and _verb_ok(text, toks, i, c):
                return i
        return None

    # direct quotes and their speakers
    in_quote_tok = bytearray(len(toks))
    for qs, qe in qspans:
        si = sent_of(qs)
        ss, se = sents[si] if sents else (0, len(text))
        se = max(se, qe)
        t_lo, t_hi = _tok_range(toks, ss, se)
        q_lo, q_hi = _tok_range(toks, qs, qe)
        for k in range(q_lo, q_hi):
            in_quote_tok[k] = 1
        speaker = verb = None
        # after the closing mark: to the end of the sentence where the quote ends, or of the
        # next one when the quote ends its sentence (a quote may run over several sentences)
        ei = sent_of(max(qs, qe - 1))
        end_hi = max(t_hi, _tok_range(toks, *sents[ei])[1]) if sents else t_hi
        # the next sentence counts only when the quote closes its sentence, and only its first
        # three tokens: '"… in control." Tokayev said.'
        next_hi = end_hi
        if ei + 1 < n_sent and q_hi >= end_hi - 1:
            next_hi = min(_tok_range(toks, *sents[ei + 1])[1], end_hi + 3)
        after_hi = min(max(end_hi, next_hi), q_hi + 8)

        def search_after():
            va = find_verb(q_hi, after_hi, from_end=False)
            return (va, _speaker(text, toks, va, q_hi, min(max(end_hi, next_hi), q_hi + 12), c)) \
                if va is not None else (None, None)

        def search_before():
            # 'Tokayev said: "…"', 'said X: "…"', or "X said:" closing the previous sentence
            vb = find_verb(max(t_lo, q_lo - 12), q_lo, from_end=True)
            if vb is None and si > 0 and text[sents[si - 1][1] - 1 : sents[si - 1][1]] == ":":
                p_lo, p_hi = _tok_range(toks, *sents[si - 1])
                vb = find_verb(max(p_lo, p_hi - 12), p_hi, from_end=True)
            return (vb, _speaker(text, toks, vb, max(0, vb - 8), q_lo, c)) \
                if vb is not None else (None, None)

        def main_clause(v, speaker):
            # "Nurse has blasted the government, saying …": a participle's source is the subject
            # of the clause it hangs on
            if speaker is None and v is not None and c.english_order \
                    and toks.lower[v].endswith("ing") and v > t_lo \
                    and text[toks.ends[v - 1] : toks.starts[v]].strip() == ",":
                u = find_verb(t_lo, v, from_end=True)
                sp = _speaker(text, toks, u, t_lo, v, c, first=t_lo) if u is not None else None
                if sp is None:
                    sp = _sentence_subject(text, toks, t_lo, v, c)
                if sp is not None:
                    return v, sp
            return v, speaker

        colon_before = text[max(0, qs - 4) : qs].rstrip(" \t\"'“„«‘‚").endswith(":")
        order = (search_before, search_after) if colon_before else (search_after, search_before)
        v = None
        for search in order:
            v, speaker = main_clause(*search())
            if speaker is not None:
                break
        if speaker is not None and v is not None:
            verb = text[toks.starts[v] : toks.ends[v]]
            for k in range(si, ei + 1):  # every sentence the quote spans is attributed speech
                attributed[k] = True
        anon = speaker is not None and not _is_named(
            speaker, c, cue_lang, sentence_initial=text.find(speaker, ss, qs) == ss)
        quotes.append(Quote(text[qs:qe], qs, qe, "direct", speaker, verb, anon))

    # a quotation that goes on after its attributed first part, in the same paragraph:
    # '"We hope …," Netanyahu told Le Figaro. "We salute …"' (four words or more: not a scare quote)
    prev: Quote | None = None
    for q in quotes:
        if q.speaker is None and prev is not None and prev.speaker is not None \
                and len(q.text.split()) > 3 and q.start - prev.end < 250 \
                and "\n" not in text[prev.end : q.start]:
            q.speaker, q.anonymous = prev.speaker, prev.anonymous
            for k in range(sent_of(q.start), sent_of(max(q.start, q.end - 1)) + 1):
                attributed[k] = True
        if q.speaker is not None or len(q.text.split()) > 3:
            prev = q

    # reported speech and attribution phrases, sentence by sentence
    phrase_hits = c.phrases.find(toks) if c.phrases else []
    anon_hits = c.anon.find(toks) if c.anon else []
    phrase_sents: dict[int, str] = {}
    phrase_end: dict[int, int] = {}  # token after the phrase ("according to | the ministry")
    for m in phrase_hits:
        k = sent_of(toks.starts[m.start_token])
        if k not in phrase_sents:
            phrase_sents[k] = m.term
            phrase_end[k] = m.end_token
    anon_text: dict[int, str] = {}
    anon_end: dict[int, int] = {}  # token after the anonymity phrase
    for m in anon_hits:
        k = sent_of(toks.starts[m.start_token])
        if k not in anon_text:
            b = m.start_token
            # "a diplomat who asked not to be named": the source is the noun before "who"
            if toks.lower[b] in _RELATIVE:
                while b > m.start_token - 3 and b > 0 and toks.starts[b - 1] >= sents[k][0] \
                        and not text[toks.ends[b - 1] : toks.starts[b]].strip():
                    b -= 1
                    if toks.norm[b] in c.roles or _is_cap(text[toks.starts[b]:toks.ends[b]]):
                        break
            anon_text[k] = text[toks.starts[b] : toks.ends[m.end_token - 1]]
            anon_end[k] = m.end_token
    anon_sents = set(anon_text)
    credit_sents = {sent_of(cr.start) for cr in credits if cr.kind == "credit"}
    # reporting-verb positions, found through the form index (no scan of every token)
    verb_pos = toks.positions(c.verbs.intersection(toks.forms))
    verbs_by_sent: dict[int, list[int]] = {}
    for i in verb_pos:
        if not in_quote_tok[i] and not in_term[i] and _verb_ok(text, toks, i, c):
            verbs_by_sent.setdefault(sent_of(toks.starts[i]), []).append(i)
    for si, (ss, se) in enumerate(sents):
        if attributed[si] or ss >= comment_start:
            continue
        speaker = verb = None
        sp_start = -1
        vs = verbs_by_sent.get(si)
        if vs:
            t_lo, t_hi = _tok_range(toks, ss, se)
            for i in vs:
                sp = _speaker(text, toks, i, t_lo, t_hi, c, first=t_lo)
                if sp:
                    speaker, verb = sp, text[toks.starts[i] : toks.ends[i]]
                    sp_start = text.find(sp, ss, se)
                    break
            if speaker is None and c.english_order:
                for i in vs:
                    sp = _passive_agent(text, toks, i, t_lo, t_hi, c, in_term)
                    if sp:
                        speaker, verb = sp, text[toks.starts[i] : toks.ends[i]]
                        break
        if speaker is None and si in anon_sents and (vs or si in phrase_sents):
            # "An official who declined to be named said ...": the anonymity phrase is the source
            speaker = anon_text[si]
            after = [i for i in (vs or ()) if i >= anon_end[si]]
            if after or vs:
                i = (after or vs)[0]
                verb = text[toks.starts[i] : toks.ends[i]]
        if speaker is None and verb is None and si in phrase_sents:
            verb = phrase_sents[si]
            speaker = _phrase_source(text, toks, phrase_end[si], _tok_range(toks, ss, se)[1], c)
            if speaker is not None:
                sp_start = text.find(speaker, ss, se)
        if speaker is None and verb is None and si not in credit_sents:
            continue
        attributed[si] = True
        anon = si in anon_sents or (speaker is not None and not _is_named(
            speaker, c, cue_lang, sentence_initial=sp_start == ss))
        quotes.append(Quote(text[ss:se], ss, se, "reported", speaker, verb, anon))
    quotes.sort(key=lambda q: q.start)
    return Attribution(quotes, attributed)

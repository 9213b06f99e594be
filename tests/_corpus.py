"""An invented labelled corpus for the training tests (test_train.py, test_model_fast.py).

36 documents (12 per class, 3 outlets per class, 4 documents per outlet) generated from
templates about invented events, plus straight news from two invented newspapers (an ``--extra``
corpus trained as wire).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

CITIES = ["LISBON", "OSLO", "NAIROBI", "QUITO", "HANOI", "TBILISI", "ACCRA", "LIMA", "RIGA",
          "DAKAR", "SOFIA", "PERTH"]
MONTHS = ["Jan", "Feb", "March", "April", "May", "June", "July", "Aug", "Sept", "Oct", "Nov", "Dec"]
AGENCIES = {"Northwire": "Reuters", "Coastal Press Agency": "AP", "Meridian Wire": "AFP"}
THINGS = ["a new ferry terminal", "a water treatment plant", "a rail link to the airport",
          "a solar farm", "a children's hospital wing", "a grain silo", "a coastal flood barrier",
          "a bus depot", "a fibre-optic network", "a wind park", "a tram line", "a fish market"]
OFFICIALS = ["the transport minister", "the regional governor", "the finance ministry",
             "the mayor's office", "the energy regulator", "the port authority"]
NAMES = ["Maria Costa", "Jonas Berg", "Amina Otieno", "Luis Paredes", "Tran Van Minh",
         "Nino Beridze", "Kofi Mensah", "Rosa Quispe", "Ilze Ozola", "Awa Diallo", "Petar Ivanov",
         "Grace Hill"]
VERBS = ["said", "told reporters", "said in a statement", "confirmed"]
INSULTS = ["clowns", "idiots", "crooks", "frauds", "liars", "morons"]
PRAISE = ["wise leadership", "glorious", "heroic people", "great leader", "brilliant guidance"]
ENEMIES = ["traitors", "puppets of foreign masters", "so-called opposition", "Western propaganda"]


def _wire(i: int, agency: str, rng: random.Random) -> str:
    c, m, t = CITIES[i % 12], MONTHS[i % 12], rng.choice(THINGS)
    o, n, v = rng.choice(OFFICIALS), rng.choice(NAMES), rng.choice(VERBS)
    extra = rng.choice([
        "A contractor said work was on schedule, according to a company statement.",
        "Two residents said the area had waited years for it, the newspaper Dia reported.",
        "The opposition said the tender had been rushed, according to a parliamentary aide.",
    ])
    return (f"{c}, {m} {3 + i} ({agency}) - Officials said on Tuesday that {t} would open next "
            f"month, according to a statement from {o}. \"We expect the first users in the "
            f"spring,\" {n}, a spokesperson for {o}, {v}. The project cost {40 + i} million "
            f"dollars, the ministry said. {extra} The ministry said a timetable would be "
            f"published on Friday. {o.capitalize()} declined to comment on the budget, a source "
            f"familiar with the plan said.")


def _state(i: int, outlet: str, rng: random.Random) -> str:
    t, n = rng.choice(THINGS), rng.choice(NAMES)
    p1, p2 = rng.sample(PRAISE, 2)
    e1, e2 = rng.sample(ENEMIES, 2)
    return (f"Under the {p1} of the President, the workers of the republic have completed {t} "
            f"ahead of schedule, a {p2} victory for the whole nation. The {e1} spread shameless "
            f"lies about the project, but the grateful people rallied behind the leader. Engineer "
            f"{n} praised the wise guidance of the party. The {e2} cannot hide the truth: our "
            f"motherland is stronger than ever, and the puppet regime across the border trembles "
            f"before our unity. The heroic achievements of {2000 + i} will be remembered by "
            f"every grateful citizen of our great country.")


def _partisan(i: int, outlet: str, rng: random.Random) -> str:
    t = rng.choice(THINGS)
    a, b = rng.sample(INSULTS, 2)
    q = rng.choice(["Are you kidding me?", "Seriously?", "Can you believe this?"])
    return (f"{q} I cannot believe these {a} on the council just wasted our money on {t} again! "
            f"We told you this would happen. Our taxes are going up, and what do we get? Nothing! "
            f"These {b} think we are stupid. I am sick of it, and you should be too. Why does "
            f"nobody hold them accountable? Honestly, the mayor is a total fraud. We need to throw "
            f"every single one of them out in {2020 + i}. Wake up, people! This is an absolute "
            f"scandal and you know it.")


OUTLETS = {
    "wire": list(AGENCIES),
    "state": ["Republic Herald", "People's Voice Daily", "National Broadcast TV"],
    "partisan": ["Liberty Shout", "The Angry Citizen", "Truth Patriot Blog"],
}


def make_rows() -> list[dict]:
    rng = random.Random(7)
    rows = []
    for lab, outlets in OUTLETS.items():
        for i in range(12):
            outlet = outlets[i % 3]
            if lab == "wire":
                text = _wire(i, AGENCIES[outlet], rng)
            elif lab == "state":
                text = _state(i, outlet, rng)
            else:
                text = _partisan(i, outlet, rng)
            rows.append({"text": text, "label": lab, "outlet": outlet})
    return rows


def write_jsonl(path: Path, rows, *, raw_lines: dict[int, str] | None = None) -> Path:
    lines = [json.dumps(r) for r in rows]
    for i, line in (raw_lines or {}).items():
        lines[i] = line
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


PROBE = [
    ("OSLO, May 2 (Reuters) - The energy regulator said on Monday that a new wind park would open "
    "next year, officials said. \"We expect the first power in the spring,\" Maria Costa, a "
    "spokesperson, told reporters. The project cost 90 million dollars, the ministry said. A "
    "contractor said work was on schedule, according to a statement."),
    ("Can you believe this? These crooks on the council wasted our money again! I am sick of it and "
    "you should be too. Why does nobody stop them? Wake up, people! This is a scandal and we know "
    "it. Our taxes keep going up and we get nothing. Enough is enough, my friends!"),
]


NEWSPAPERS = ["Harbour Ledger", "Valley Evening Post"]


def _straight(i: int, rng: random.Random) -> str:
    t, o, n = rng.choice(THINGS), rng.choice(OFFICIALS), rng.choice(NAMES)
    return (f"The city will open {t} in {MONTHS[i % 12]}, {o} said on Monday. Officials said the "
            f"work had cost {20 + i} million dollars and that the opening had been delayed twice. "
            f"\"It took longer than we hoped,\" said {n}, who oversaw the project. Residents said "
            f"they had waited years for it. The council is expected to vote on the budget next "
            f"week, according to its agenda. Critics said the contract should have been put out "
            f"to tender again.")


def make_extra_rows() -> list[dict]:
    """Straight news from two newspapers, without a label field (``--extra FILE:wire``)."""
    rng = random.Random(11)
    return [{"text": _straight(i, rng), "outlet": NEWSPAPERS[i % 2]} for i in range(8)]

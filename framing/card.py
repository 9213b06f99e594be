"""MODEL_CARD.md, written by ``framing train`` from the manifest and the held-out metrics.

Every number in the card comes from ``metrics.json`` of the same run; nothing is typed by hand.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from .features import NOT_MODEL_INPUTS
from .schema import LABELS

EXCERPT_WORDS = 120  # framing.train.EXCERPT_WORDS (train imports this module's writer lazily)


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    keys = ("macro_f1", "accuracy", "brier", "ece")
    return all(a.get(k) == b.get(k) for k in keys)


def _towards(W: np.ndarray, j: int) -> np.ndarray:
    others = [k for k in range(W.shape[1]) if k != j]
    return W[:, j] - W[:, others].mean(axis=1)


def _metrics_section(title: str, m: dict[str, Any], note: str) -> list[str]:
    lc = m["low_confidence"]
    lines = [
        f"### {title}", "", note, "",
        f"**Macro-F1 {m['macro_f1']:.3f}**, accuracy {m['accuracy']:.3f}, Brier score "
        f"{m['brier']:.3f} (3-class, 0 is perfect, 2 worst), expected calibration error "
        f"{m['ece']:.3f}; {lc['share']:.1%} flagged low confidence (top probability under "
        f"{lc['below']:.2f}; accuracy {lc['accuracy_flagged']} on those, "
        f"{lc['accuracy_confident']} on the rest); {m['abstention']['too_short']} too short to "
        "judge (scored by their top class here).", "",
        "| class | precision | recall | F1 | documents |", "|---|---|---|---|---|",
    ]
    for lab, d in m["per_class"].items():
        lines.append(f"| {lab} | {d['precision']:.3f} | {d['recall']:.3f} | {d['f1']:.3f} | {d['support']} |")
    return lines + [""]


def write_model_card(out_dir: Path, manifest: dict[str, Any], result: dict[str, Any],
                     parts: dict[str, Any]) -> Path:
    ho = result.get("held_out") or {}
    td = manifest["training_data"]
    pr = manifest["params"]
    chans = manifest["channels"]
    lines = [
        f"# Model card: {manifest['name']}",
        "",
        f"Trained {manifest['trained_at']} by `framing train` (seed {manifest['seed']}). Labels "
        f"documents in: {', '.join(manifest['languages'])}. Channels: {' + '.join(chans)}.",
        "",
        "## What it does",
        "",
        "Labels a news document `wire` (wire reporting), `state` (state framing) or `partisan` "
        "(partisan commentary), always with its calibrated probabilities, and "
        + (f"flags the label `low_confidence` when the top probability is under "
           f"{manifest['low_confidence_below']:.2f} (chosen on held-out outlets: below it, "
           "held-out labels were right less than 60 % of the time)."
           if manifest["low_confidence_below"] <= 1 else
           "flags **every** label `low_confidence`: no labelled data in the languages it labels "
           "supports a confident label (its held-out figures below are on English text).")
        + " It abstains only on a text it cannot read: "
        f"under {manifest['min_words']} words, or in a language it does not cover.",
        "",
        "One multinomial logistic regression (L2, C = " f"{pr['C']}, balanced class weights) over:",
        "",
    ]
    if "style" in chans:
        st = parts["style"]
        lines.append(
            f"- **style**: {len(st['grams']):,} n-grams (orders {', '.join(map(str, pr['orders']))}) "
            f"of the masked text: the {len(st['keep'])} function words of "
            f"`features/{pr['language']}/style/function_words.txt` stay, every other word becomes "
            "its shape (X, x, 0), punctuation stays, quote marks and dashes are folded to one form, "
            + ("apostrophes are dropped, commas kept" if pr.get("keep_commas")
               else "commas and apostrophes are dropped")
            + " (Stamatatos 2017, text distortion). An n-gram enters "
            f"the vocabulary when {pr['min_df']} training documents from at least "
            f"{pr['min_outlets']} outlets"
            + (f" and at least {pr['min_outlet_share']:.0%} of the training outlets"
               if pr.get("min_outlet_share") else "")
            + " use it, so one outlet's habits are not learned as a class's style. "
            + ("Weights 1 + log tf, L2 norm (no IDF: it would lift rare n-grams, mostly one "
               "outlet's)." if pr.get("idf") is False else "TF-IDF (1 + log tf, smooth IDF, L2 norm)."))
    if "registry" in chans:
        lines.append(
            f"- **registry**: {len(manifest['columns'])} explainable features (log1p for densities, "
            f"median imputation, standardisation, scaled by {pr['registry_weight']} against the "
            "style channel).")
    if parts.get("evidence") is not None:
        ev = parts["evidence"]
        lines.append(
            f"- **evidence stage**: {len(ev['columns'])} registry features, each allowed to push "
            "one label only, by a non-negative weight on its standardised value, fitted on "
            f"logits the channels gave each training document from {pr.get('evidence_folds', 4)} "
            "outlet-grouped folds that never saw its outlet (what the evidence adds to style on "
            "outlets the style channel did not learn): "
            + ", ".join(f"`{c}` towards {LABELS[t]} ({b:.2f})"
                        for c, t, b in zip(ev["columns"], ev["targets"], ev["beta"])) + ".")
    lines += [
        "",
        f"Logits are divided by a temperature of {manifest['temperature']:.3f}, fitted on "
        "held-out outlets (calibration). Training "
        + (f"added {pr['degrade']:.0%} of the documents again with commas and apostrophes "
           "stripped" if pr.get("degrade") else "used the documents as they are")
        + (f" and each document's first {EXCERPT_WORDS} words as a document of its own (so a "
           "brief or a snippet reads as well as a full article)." if pr.get("excerpts") else "."),
        "",
        ("Registry features read: " + ", ".join(f"`{n}`" for n in manifest["columns"]) + ". "
         if manifest["columns"] else
         "No registry feature is an input of the style channel's regression: held out, every set "
         "of them blended into it lowered its figures (they carry outlet and collection habits). "
         + ("The evidence stage reads only the named features above, each towards one label. "
            if parts.get("evidence") is not None else
            "They stay features and evidence in every output row. "))
        + "Never model inputs, whatever the model: " + ", ".join(
            f"`{n}`" for n in NOT_MODEL_INPUTS) + " (topic, page layout, or shared by wire and "
        "state agencies: `framing.features.NOT_MODEL_INPUTS`). The style channel blanks datelines "
        "out for the same reason.",
        "",
        "## Data",
        "",
        f"{td['path']} (SHA-256 `{td['sha256'][:16]}…`): {td['documents']} documents from "
        f"{td['outlets']} outlets; " + ", ".join(f"{k} {v}" for k, v in td["per_class"].items()) + ".",
        "Labels are distant supervision: every article takes its outlet's label. Some rows are "
        "therefore noisy (an analysis piece from an agency, a state outlet's weather report). "
        "Topics follow the collections the corpus was built from (see the corpus README).",
        "",
    ]
    if ho:
        lines += ["## Held-out evaluation", "",
                  "Every figure is on outlets the model never saw; random splits are not reported. "
                  "`python benchmarks/accuracy.py` adds the leave-one-collection-out protocol and "
                  "two baselines scored in the same run.", ""]
        if "outlet" in ho:
            lines += _metrics_section("Leave one outlet out", ho["outlet"],
                                      f"{ho['outlet']['n_outlets']} folds, one per outlet.")
        if "outlet_degraded" in ho and "outlet" in ho and _same(ho["outlet"], ho["outlet_degraded"]):
            lines += ["### Leave one outlet out, degraded text", "",
                      "The same folds, each held-out text with its commas and apostrophes stripped "
                      "(as some sources deliver it): the same figures, since the model reads no "
                      "comma or apostrophe.", ""]
        elif "outlet_degraded" in ho:
            lines += _metrics_section(
                "Leave one outlet out, degraded text", ho["outlet_degraded"],
                "The same folds, each held-out text with its commas and apostrophes stripped (as "
                "some sources deliver it).")
        if "outlet_excerpt" in ho:
            lines += _metrics_section(
                "Leave one outlet out, short text", ho["outlet_excerpt"],
                f"The same folds, each held-out text cut to its first {EXCERPT_WORDS} words (a "
                "brief, a snippet).")
        m = ho.get("outlet")
        if m:
            lines += ["### Accuracy per held-out outlet", "",
                      "| outlet | label | documents | accuracy | predicted wire / state / partisan |",
                      "|---|---|---|---|---|"]
            for o, d in sorted(m["per_outlet"].items(), key=lambda kv: (kv[1]["label"], kv[0])):
                p = d["predicted"]
                lines.append(f"| {o} | {d['label']} | {d['n']} | {d['accuracy']:.2f} | "
                             f"{p['wire']} / {p['state']} / {p['partisan']} |")
            weak = [o for o, d in m["per_outlet"].items() if d["accuracy"] < 0.5]
            lines += ["", "## Known failure modes", "",
                      f"- Outlets below 50 % accuracy when held out: {', '.join(sorted(weak)) or 'none'}.",
                      "- Labels are per outlet (distant supervision): an outlet's straight news and "
                      "its commentary carry one label in training.",
                      "- Read labels per outlet with their intervals (the HTML report shows them), "
                      "not one article at a time."]
    lines += ["", "## What the model weighs", ""]
    if "registry" in parts:
        W = np.asarray(parts["registry"]["weights"])
        lines.append("Registry features, weight towards each class against the others (per "
                     "standard deviation, after the channel weight), the six largest:")
        lines.append("")
        for j, lab in enumerate(LABELS):
            t = _towards(W, j) * parts["registry"]["weight"]
            top = np.argsort(-np.abs(t))[:6]
            lines.append(f"- **{lab}**: " + ", ".join(
                f"`{parts['registry']['columns'][k]}` {t[k]:+.3f}" for k in top))
        lines.append("")
    if "style" in parts:
        W = np.asarray(parts["style"]["weights"])
        grams = parts["style"]["grams"]
        lines.append("Style n-grams with the largest weight towards each class (X = a capitalised "
                     "word, x = another word, 0 = a number), with the family each is shown under "
                     "in a label's reasons (`framing.reasons`; none of them is ever shown bare):")
        lines.append("")
        from .reasons import gram_family

        for j, lab in enumerate(LABELS):
            t = _towards(W, j)
            top = np.argsort(-t)[:10]
            lines.append(f"- **{lab}**: " + ", ".join(
                f"`{grams[k]}` ({gram_family(grams[k], pr['language']) or 'not shown'})"
                for k in top))
        lines.append("")
    lines += [
        "## Intended use",
        "",
        "Triage and description of large corpora about one event: which outlets report with "
        "attribution and which frame in their own voice, with the evidence (quotes, loaded terms "
        "and their voice, the reasons behind each label in plain words) shown for every document.",
        "",
        "## Misuse",
        "",
        "- Not a truth or fact-check verdict: a `wire` label says nothing about accuracy, a "
        "`partisan` label nothing about falsehood.",
        "- Not for blocking, ranking or sanctioning outlets or people on the label alone.",
        "- Not calibrated for genres far from news (fiction, forum threads, press releases).",
        "",
        "## Reproduce",
        "",
        "```",
        manifest.get("command") or "framing train ...",
        "python benchmarks/reproduce.py   # retrains every shipped model and compares parameters",
        "```",
        "",
        "Library versions: " + ", ".join(f"{k} {v}" for k, v in manifest["versions"].items())
        + f". Lexicon digest `{manifest['features_digest'][:16]}…`.",
        "",
    ]
    path = out_dir / "MODEL_CARD.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path

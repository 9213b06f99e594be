"""MODEL_CARD.md, written by ``framing train`` from the manifest and the grouped-CV metrics.

Every number in the card comes from ``metrics.json`` of the same run; nothing is typed by hand.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from .features import FEATURES
from .schema import LABELS


def global_weights(est, columns) -> dict[str, dict[str, float]]:
    """Mean standardised coefficient per class and feature over the calibration folds."""
    members = [cc.estimator for cc in est.calibrated_classifiers_]
    W = np.mean([m.clf_.coef_ for m in members], axis=0)
    classes = list(members[0].classes_)
    return {lab: dict(zip(columns, W[classes.index(lab)])) for lab in LABELS}


def write_model_card(out_dir: Path, manifest: dict[str, Any], result: dict[str, Any], est) -> Path:
    m = result.get("grouped_cv") or {}
    td = manifest["training_data"]
    lines = [
        f"# Model card: {manifest['name']}",
        "",
        f"Trained {manifest['trained_at']} by `framing train` (seed {manifest['seed']}, "
        f"C={manifest['C']}). Feature set: **{manifest['feature_set']}** "
        f"({len(manifest['columns'])} features); labels documents in: "
        f"{', '.join(manifest['languages'])}.",
        "",
        "## What it does",
        "",
        "Labels a news document `wire` (wire reporting), `state` (state framing) or `partisan` "
        "(partisan commentary) from explainable features: attribution and quote structure, loaded "
        "terms by voice (own vs quoted), VADER sentiment by voice, readability, style and "
        "geopolitical scope (places beyond the home country in the outlet's own voice). Model: "
        "log1p of the count densities, median imputation, standardisation and an L2 logistic "
        "regression with balanced class "
        "weights, calibrated with sigmoid (Platt) scaling in 3 folds that hold out outlets where a "
        "class has enough of them (`framing.train.calibration_splits`).",
        "",
        "Not model inputs: " + (", ".join(f"`{n}`" for n in FEATURES if n not in manifest["columns"])
                                or "none") + " (reported as features and evidence only; see "
        "`framing.train.MODEL_COLUMNS` for why datelines and agency credits are left out).",
        "",
        "## Data",
        "",
        f"`{td['path']}` (SHA-256 `{td['sha256'][:16]}…`): {td['documents']} documents from "
        f"{td['outlets']} outlets; " + ", ".join(f"{k} {v}" for k, v in td["per_class"].items()) + ".",
        "Labels are distant supervision: every article takes its outlet's label (wire: news agencies "
        "whose copy is syndicated; state: outlets typed state-controlled in the State Media Monitor / "
        "GMF State Media Matrix; partisan: outlets rated left/right by AllSides or hyper-partisan by "
        "Media Bias/Fact Check). Some rows are therefore noisy (a Reuters analysis piece, a KCNA "
        "weather report). Topics follow the collections: US politics 2012-2020, COVID-19 (Jan-May "
        "2020), North Korea 2023-2024.",
        "",
    ]
    if m:
        lines += [
            "## Grouped cross-validation (leave one outlet out)",
            "",
            f"Every figure is on outlets the fold never trained on ({m['n_outlets']} folds). "
            "Random-split figures are not reported: they reward memorising outlets.",
            "",
            f"**Macro-F1 {m['macro_f1']:.3f}**, accuracy {m['accuracy']:.3f}, "
            f"Brier score {m['brier']:.3f} (3-class, 0 is perfect, 2 worst), expected calibration "
            f"error {m['ece']:.3f}.",
            "",
            "| class | precision | recall | F1 | documents |",
            "|---|---|---|---|---|",
        ]
        for lab, d in m["per_class"].items():
            lines.append(f"| {lab} | {d['precision']:.3f} | {d['recall']:.3f} | {d['f1']:.3f} | {d['support']} |")
        cm = m["confusion_matrix"]
        lines += ["", "Confusion matrix (rows: true, columns: predicted):", "",
                  "| | " + " | ".join(cm["labels"]) + " |", "|---" * (len(cm["labels"]) + 1) + "|"]
        for lab, row in zip(cm["labels"], cm["rows_true_cols_pred"]):
            lines.append(f"| **{lab}** | " + " | ".join(str(v) for v in row) + " |")
        a = m["abstention"]
        lines += [
            "",
            "### Abstention",
            "",
            f"The model gives no label to documents under {a['min_words']} words, to documents "
            f"whose top calibrated probability is under {a['min_confidence']:.2f}, and to languages "
            f"it does not cover. In grouped CV it abstained on {a['rate']:.1%} of the documents "
            f"({a['too_short']} too short, {a['low_confidence']} low confidence); on the rest, "
            f"macro-F1 {a['macro_f1_answered']} and accuracy {a['accuracy_answered']}. The figures "
            "above count every document, abstentions included (scored by their top class).",
            "",
            "### Accuracy per held-out outlet",
            "",
            "| outlet | label | documents | accuracy | predicted wire / state / partisan |",
            "|---|---|---|---|---|",
        ]
        for o, d in sorted(m["per_outlet"].items(), key=lambda kv: (kv[1]["label"], kv[0])):
            p = d["predicted"]
            lines.append(f"| {o} | {d['label']} | {d['n']} | {d['accuracy']:.2f} | "
                         f"{p['wire']} / {p['state']} / {p['partisan']} |")
        weak = [o for o, d in m["per_outlet"].items() if d["accuracy"] < 0.5]
        lines += [
            "",
            "## Known failure modes",
            "",
            f"- Outlets below 50 % accuracy when held out: {', '.join(sorted(weak)) or 'none'}.",
            "- State outlets that write like agencies about non-political topics (RT and Sputnik "
            "COVID-19 coverage here) carry little own-voice framing; the model calls them wire or "
            "partisan. State recall is the weakest figure above: treat a `state` label as a lead to "
            "check, and the absence of one as no evidence.",
            "- With two wire outlets, held-out wire performance rests on one other agency's style.",
            "- `foreign_place_own_per_100w` (places beyond the home country, for English the United "
            "States, in the outlet's own voice) is the strongest signal for `state` and against "
            "`partisan`: the state outlets here are international broadcasters and agencies, the "
            "partisan ones cover US politics. It measures geopolitical scope, not framing, so it "
            "misleads on partisan outlets outside the US writing about their own country (they lean "
            "state) and weakens on a corpus about one foreign event, where every outlet names "
            "foreign places.",
            "- Features are English lexicons and English readability; other languages go to the "
            "language-independent model or are abstained on (see README).",
        ]
    try:
        W = global_weights(est, manifest["columns"])
        lines += ["", "## What the model weighs", "",
                  "Mean standardised coefficient per class (positive = pushes towards the class), "
                  "the eight largest per class:", ""]
        for lab in LABELS:
            top = sorted(W[lab].items(), key=lambda kv: -abs(kv[1]))[:8]
            lines.append(f"- **{lab}**: " + ", ".join(f"`{n}` {v:+.3f}" for n, v in top))
    except (AttributeError, IndexError, KeyError):
        pass
    lines += [
        "",
        "## Intended use",
        "",
        "Triage and description of large corpora about one event: which outlets report with "
        "attribution and which frame in their own voice, with the evidence (quotes, loaded terms "
        "and their voice) shown for every document. Read labels per outlet with their intervals "
        "(the HTML report shows Wilson intervals), not one article at a time.",
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
        f"framing train ../shared/corpus/train.jsonl -o models/{manifest['name']} "
        f"--seed {manifest['seed']} --C {manifest['C']}"
        + ("" if manifest["feature_set"] == "full" else " --feature-set language-independent")
        + f" --languages {','.join(manifest['languages'])}",
        "```",
        "",
        "Library versions: " + ", ".join(f"{k} {v}" for k, v in manifest["versions"].items())
        + f". Lexicon digest `{manifest['features_digest'][:16]}…`.",
        "",
        "Feature meanings: see the README's feature table (generated from "
        f"`framing.features.REGISTRY`, {len(FEATURES)} features).",
        "",
    ]
    path = out_dir / "MODEL_CARD.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path

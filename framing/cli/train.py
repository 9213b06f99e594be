"""``framing train CORPUS.jsonl -o models/NAME``: fit, evaluate by outlet, write model + card."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path


def add_parser(sub) -> None:
    p = sub.add_parser(
        "train",
        help="train a model from a labelled JSONL corpus (held-out evaluation by outlet, then a final fit)",
        description="Train the wire/state/partisan classifier. Evaluation is leave-one-outlet-out; "
        "the model directory receives model.npz, manifest.json, metrics.json and MODEL_CARD.md.",
    )
    p.add_argument("corpus", help="JSONL corpus with text, label and outlet fields (.jsonl or .jsonl.gz)")
    p.add_argument("-o", "--output", required=True, help="model directory to write, e.g. models/my-model")
    p.add_argument("--name", help="model name (default: the output directory's name)")
    p.add_argument("--extra", action="append", default=[], metavar="FILE:LABEL",
                   help="another corpus whose every row trains as LABEL, e.g. "
                   "../shared/corpus/straight.jsonl:wire (repeatable); its documents train and "
                   "are held out by outlet, but the reported figures count the main corpus only")
    p.add_argument("--map", action="append", default=[], metavar="FROM:TO",
                   help="rename a label of the main corpus on reading, e.g. other:wire")
    p.add_argument("--outlet-label", action="append", default=[], metavar="OUTLET:LABEL",
                   help="give every row of one outlet of the main corpus this label, whatever its "
                   "own (repeatable), e.g. 'Lenta.ru:wire': a corpus whose non-state class is "
                   "mapped outlet by outlet to the closest product label")
    p.add_argument("--only-outlet", action="append", default=[], metavar="OUTLET",
                   help="train on this outlet of the main corpus (repeatable); rows of every other "
                   "outlet are skipped, so a recipe trained on some outlets of a corpus stays "
                   "reproducible when the corpus grows (e.g. --only-outlet Lenta.ru)")
    p.add_argument("--text-field", default="text")
    p.add_argument("--label-field", default="label")
    p.add_argument("--outlet-field", default="outlet")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--feature-set", choices=("full", "style", "language-independent"),
                   default="full",
                   help="'full': style channel + the registry features framing.train.MODEL_COLUMNS "
                   "at --registry-weight; 'style': the style channel alone; 'language-independent': "
                   "registry features that carry across languages, no style channel (the model for "
                   "languages without labelled data)")
    p.add_argument("--language", default="en",
                   help="language of the corpus: its function-word list drives the style channel "
                   "(features/LANG/style/function_words.txt)")
    p.add_argument("--languages", default=None,
                   help="comma-separated languages the model may label (default: --language, or "
                   "uk,lv,kk for 'language-independent')")
    p.add_argument("--C", type=float, default=None, help="inverse L2 strength")
    p.add_argument("--registry-weight", type=float, default=None)
    p.add_argument("--orders", default="1,2,3", help="n-gram orders of the style channel")
    p.add_argument("--min-outlets", type=int, default=3,
                   help="an n-gram enters the vocabulary only when this many outlets use it")
    p.add_argument("--min-outlet-share", type=float, default=0.0,
                   help="...and only when this share of the training outlets uses it (0.65: "
                   "patterns most outlets share, in different measure; not one outlet's habits)")
    p.add_argument("--no-idf", action="store_true",
                   help="style n-grams all weigh 1 (no inverse document frequency, which lifts "
                   "rare n-grams: mostly one outlet's habits)")
    p.add_argument("--excerpts", action="store_true",
                   help="train on each document's first 120 words as well (short texts, snippets)")
    p.add_argument("--degrade", type=float, default=0.0,
                   help="share of training documents added again with commas and apostrophes stripped")
    p.add_argument("--drop-commas", action="store_true",
                   help="commas are no tokens of the style channel (as apostrophes never are)")
    p.add_argument("--balance", choices=("class", "outlet"), default="class")
    p.add_argument("--evidence", action="append", default=[], metavar="FEATURE:LABEL",
                   help="a registry feature of the evidence stage and the one label it may push, "
                   "e.g. deferential_verb_share:state (repeatable); its weight (>= 0) is fitted on "
                   "out-of-fold logits of the channels, folds by outlet")
    p.add_argument("--evidence-folds", type=int, default=4,
                   help="outlet-grouped folds for the evidence stage's out-of-fold logits")
    p.add_argument("--low-confidence-below", type=float, default=None,
                   help="flag labels whose top probability is under this (default: chosen on "
                   "held-out outlets; above 1 flags every label, for languages without labelled data)")
    p.add_argument("--label-note", default=None,
                   help="what a label means for this model's languages, in a sentence for readers "
                   "(stored with the model; the report shows it)")
    p.add_argument("--temperature", type=float, default=None,
                   help="calibration temperature of the final model instead of the one fitted on "
                   "held-out outlets (for a corpus evaluated elsewhere, e.g. one outlet per class: "
                   "benchmarks/accuracy_ru.py)")
    p.add_argument("--no-eval", action="store_true", help="skip the held-out evaluation")
    p.add_argument("-j", "--jobs", type=int, default=None, help="worker processes (default: cores)")
    p.set_defaults(func=run)


def _pair(value: str, what: str) -> tuple[str, str]:
    head, sep, tail = value.rpartition(":")
    if not sep or not head or not tail:
        raise SystemExit(f"framing train: {what} '{value}' is not of the form A:B")
    return head, tail


def _command(args: argparse.Namespace) -> str:
    """The command that trains this model again (stored in its manifest; the output directory
    and -j are left out, --no-eval too unless the model was calibrated with --temperature)."""
    import shlex

    parts = ["framing", "train", args.corpus]
    for spec in args.extra:
        parts += ["--extra", spec]
    for spec in args.map:
        parts += ["--map", spec]
    for spec in args.outlet_label:
        parts += ["--outlet-label", spec]
    for name in args.only_outlet:
        parts += ["--only-outlet", name]
    for opt in ("text_field", "label_field", "outlet_field"):
        if getattr(args, opt) != opt.split("_")[0]:
            parts += ["--" + opt.replace("_", "-"), getattr(args, opt)]
    parts += ["--feature-set", args.feature_set, "--language", args.language]
    for opt in ("languages", "C", "registry_weight", "low_confidence_below", "temperature",
                "label_note"):
        if getattr(args, opt) is not None:
            parts += ["--" + opt.replace("_", "-"), str(getattr(args, opt))]
    if args.no_eval and args.temperature is not None:
        parts += ["--no-eval"]  # a corpus that cannot be evaluated by outlet (one outlet per class)
    parts += ["--orders", args.orders, "--min-outlets", str(args.min_outlets)]
    if args.min_outlet_share:
        parts += ["--min-outlet-share", str(args.min_outlet_share)]
    parts += ["--degrade", str(args.degrade), "--balance", args.balance, "--seed", str(args.seed)]
    if args.drop_commas:
        parts += ["--drop-commas"]
    for spec in args.evidence:
        parts += ["--evidence", spec]
    if args.evidence:
        parts += ["--evidence-folds", str(args.evidence_folds)]
    if args.no_idf:
        parts += ["--no-idf"]
    if args.excerpts:
        parts += ["--excerpts"]
    if args.name:
        parts += ["--name", args.name]
    return " ".join(shlex.quote(p) for p in parts)


def run(args: argparse.Namespace) -> int:
    import numpy as np

    from ..parallel import default_jobs
    from ..train import (LANGUAGE_INDEPENDENT, MODEL_COLUMNS, NOT_MODEL_INPUTS, Params,
                         fmt_metrics, join, read_corpus, train)

    out = Path(args.output)
    label_map = dict(_pair(m, "--map") for m in args.map)
    outlet_labels = dict(_pair(m, "--outlet-label") for m in args.outlet_label)
    corpus = read_corpus(args.corpus, text_field=args.text_field, label_field=args.label_field,
                         outlet_field=args.outlet_field, label_map=label_map,
                         outlet_labels=outlet_labels, only_outlets=args.only_outlet or None)
    parts = [corpus]
    for spec in args.extra:
        path, label = _pair(spec, "--extra")
        extra = read_corpus(path, text_field=args.text_field, label_field=args.label_field,
                            outlet_field=args.outlet_field, force_label=label)
        parts.append(extra)
    full = join(parts) if len(parts) > 1 else corpus
    if args.feature_set == "language-independent":
        params = Params(language=args.language, style=False, columns=LANGUAGE_INDEPENDENT,
                        registry_weight=1.0 if args.registry_weight is None else args.registry_weight,
                        C=0.001 if args.C is None else args.C, balance=args.balance)
        langs = ["uk", "lv", "kk"]
    else:
        # 'full' for another language: the registry features that exist beyond English
        cols = (MODEL_COLUMNS if args.language == "en" else LANGUAGE_INDEPENDENT) \
            if args.feature_set == "full" else ()
        params = Params(language=args.language, orders=tuple(int(x) for x in args.orders.split(",")),
                        columns=cols, min_outlets=args.min_outlets,
                        min_outlet_share=args.min_outlet_share, idf=not args.no_idf,
                        excerpts=args.excerpts,
                        registry_weight=0.1 if args.registry_weight is None else args.registry_weight,
                        C=0.3 if args.C is None else args.C, degrade=args.degrade,
                        balance=args.balance, keep_commas=not args.drop_commas)
        langs = [args.language]
    if args.evidence:
        from ..features import FEATURES
        from ..schema import LABELS

        evidence = tuple(_pair(e, "--evidence") for e in args.evidence)
        for col, lab in evidence:
            if col not in FEATURES:
                raise SystemExit(f"framing train: --evidence {col}:{lab}: no registry feature "
                                 f"'{col}' (see framing.FEATURE_NAMES)")
            if col in NOT_MODEL_INPUTS:
                raise SystemExit(f"framing train: --evidence {col}:{lab}: '{col}' measures topic "
                                 "or layout and is never a model input (framing.train.NOT_MODEL_INPUTS)")
            if lab not in LABELS:
                raise SystemExit(f"framing train: --evidence {col}:{lab}: '{lab}' is not one of "
                                 f"{', '.join(LABELS)}")
        params = replace(params, evidence=evidence, evidence_folds=args.evidence_folds)
    if args.languages:
        langs = [s.strip() for s in args.languages.split(",") if s.strip()]
    print(f"framing train: {len(full.texts)} documents, {len(set(full.outlets))} outlets; "
          f"channels: {'style + ' if params.style else ''}{len(params.columns)} registry features"
          + (f"; evidence stage: {len(params.evidence)} features" if params.evidence else ""),
          file=sys.stderr)
    result = train(full, out, name=args.name or out.name, params=params, languages=langs,
                   command=_command(args), low_confidence_below=args.low_confidence_below,
                   temperature=args.temperature, label_note=args.label_note or "",
                   feature_set=args.feature_set, seed=args.seed,
                   jobs=args.jobs or default_jobs(), evaluate=not args.no_eval,
                   score_rows=(np.arange(len(full.texts)) < len(corpus.texts))
                   if len(parts) > 1 else None)
    for key, m in result["held_out"].items():
        print(fmt_metrics(m, per_outlet=key == "outlet"), file=sys.stderr)
    print(f"framing train: wrote {out}/ (model.npz, manifest.json, metrics.json, MODEL_CARD.md) "
          f"in {result['train_seconds']:.0f} s", file=sys.stderr)
    return 0

"""``framing train CORPUS.jsonl -o models/NAME``: fit, evaluate by outlet, write model + card."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_parser(sub) -> None:
    p = sub.add_parser(
        "train",
        help="train a model from a labelled JSONL corpus (grouped CV by outlet, then a final fit)",
        description="Train the wire/state/partisan classifier. Evaluation is leave-one-outlet-out; "
        "the model directory receives model.skops, manifest.json, metrics.json and MODEL_CARD.md.",
    )
    p.add_argument("corpus", help="JSONL corpus with text, label and outlet fields (.jsonl or .jsonl.gz)")
    p.add_argument("-o", "--output", required=True, help="model directory to write, e.g. models/my-model")
    p.add_argument("--name", help="model name (default: the output directory's name)")
    p.add_argument("--text-field", default="text")
    p.add_argument("--label-field", default="label")
    p.add_argument("--outlet-field", default="outlet")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--C", type=float, default=None, help="inverse L2 strength (default: framing.train.DEFAULT_C)")
    p.add_argument("--feature-set", choices=("full", "language-independent"), default="full",
                   help="'language-independent' trains the model used for non-English documents")
    p.add_argument("--languages", default=None,
                   help="comma-separated languages the model may label (default: en for 'full', "
                   "ru,uk,lv,kk for 'language-independent')")
    p.add_argument("--no-eval", action="store_true", help="skip the grouped cross-validation")
    p.add_argument("-j", "--jobs", type=int, default=None, help="worker processes (default: cores)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..parallel import default_jobs
    from ..train import DEFAULT_C, LANGUAGE_INDEPENDENT, MODEL_COLUMNS, fmt_metrics, read_corpus, train

    out = Path(args.output)
    corpus = read_corpus(args.corpus, text_field=args.text_field, label_field=args.label_field,
                         outlet_field=args.outlet_field)
    if args.feature_set == "full":
        columns, langs = MODEL_COLUMNS, ["en"]
    else:
        columns, langs = LANGUAGE_INDEPENDENT, ["ru", "uk", "lv", "kk"]
    if args.languages:
        langs = [s.strip() for s in args.languages.split(",") if s.strip()]
    print(f"framing train: {len(corpus.texts)} documents, {len(set(corpus.outlets))} outlets; "
          f"features: {len(columns)} ({args.feature_set})", file=sys.stderr)
    result = train(corpus, out, name=args.name or out.name, columns=columns, languages=langs,
                   feature_set=args.feature_set, seed=args.seed,
                   C=args.C if args.C is not None else DEFAULT_C,
                   jobs=args.jobs or default_jobs(), evaluate=not args.no_eval)
    print(fmt_metrics(result["grouped_cv"]), file=sys.stderr)
    print(f"framing train: wrote {out}/ (model.skops, manifest.json, metrics.json, MODEL_CARD.md) "
          f"in {result['train_seconds']:.0f} s", file=sys.stderr)
    return 0

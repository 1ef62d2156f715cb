"""Calibrate per-class logit offsets of a trained ESR-9 on the even rows of `valid`, check them on the odd rows,
and write a checkpoint with the offsets folded into every branch's fc bias (so PyTorch and both TypeScript engines
apply them identically) for export.py.

A model trained with logit adjustment (tau = 1) outputs prior-free scores: good balanced accuracy, but it
under-predicts the frequent classes. The offsets are alpha * log(class prior) (alpha on a grid: how much of the
prior to put back) plus small per-class corrections (coordinate ascent), chosen on the even rows to maximise
the mean of accuracy and balanced accuracy while every class keeps a recall of at least --min-recall.

  python3 -m training.calibrate --checkpoint training/runs/esr9/best.pt --out training/runs/esr9/calibrated.pt
"""
import json
import os

import torch

from .data import load_split
from .arguments import build_parser
from .metrics import predict, summarise
from .paths import RUN_DIR
from .recipe import balanced_accuracy, describe
from .weights_io import load_model


def objective(metrics, min_recall):
    """Mean of accuracy and balanced accuracy; classes under min_recall cost their shortfall ten times over."""
    recalls = [r for r in metrics["per_class_recall"].values() if r is not None]
    shortfall = sum(max(0.0, min_recall - r) for r in recalls)
    return 0.5 * metrics["ensemble_accuracy"] + 0.5 * balanced_accuracy(metrics) - 10 * shortfall


def fit_offsets(logits, split, log_prior, min_recall, alphas=(0.0, 0.25, 0.5, 0.75, 1.0),
                grid=(-0.6, -0.4, -0.2, 0.0, 0.2, 0.4, 0.6), rounds=2):
    """Offsets (8,) = alpha * log_prior + per-class delta, maximising objective() on these rows."""
    best_alpha = max(alphas, key=lambda a: objective(summarise(logits + a * log_prior, split), min_recall))
    base = best_alpha * log_prior
    delta = torch.zeros(8)
    best = objective(summarise(logits + base, split), min_recall)
    for _ in range(rounds):
        for c in range(8):
            for v in grid:
                trial = delta.clone()
                trial[c] = v
                score = objective(summarise(logits + base + trial, split), min_recall)
                if score > best + 1e-9:
                    best, delta = score, trial
    return best_alpha, base + delta


def fit_each_alpha(logits, split, log_prior, min_recall, alphas):
    """For each alpha, the fit_offsets() corrections and what they give on these rows: accuracy, balanced accuracy,
    smallest recall and objective."""
    fits = []
    for a in alphas:
        _, offsets = fit_offsets(logits, split, log_prior, min_recall, alphas=(a,))
        m = summarise(logits + offsets, split)
        recalls = [r for r in m["per_class_recall"].values() if r is not None]
        fits.append({"alpha": a, "offsets": offsets, "accuracy": m["ensemble_accuracy"], "balanced": balanced_accuracy(m),
                     "lowest": min(recalls), "objective": objective(m, min_recall)})
    return fits


def fit_for_targets(logits, split, log_prior, min_recall, min_balanced, alphas=(0.0, 0.25, 0.5, 0.75, 1.0)):
    """The release targets' rule: for each alpha fit the per-class corrections (fit_offsets), then keep the
    alpha with the highest accuracy on these rows among those with balanced accuracy >= min_balanced and every
    recall >= min_recall; if none qualifies, the highest accuracy with balanced accuracy >= min_balanced;
    else the best fit_offsets() objective."""
    fits = fit_each_alpha(logits, split, log_prior, min_recall, alphas)
    for keep in (lambda f: f["balanced"] >= min_balanced and f["lowest"] >= min_recall, lambda f: f["balanced"] >= min_balanced):
        ok = [f for f in fits if keep(f)]
        if ok:
            best = max(ok, key=lambda f: f["accuracy"])
            return best["alpha"], best["offsets"]
    best = max(fits, key=lambda f: f["objective"])
    return best["alpha"], best["offsets"]


def fit_for_balance(logits, split, log_prior, min_recall, accuracy_slack=0.005, alphas=(0.0, 0.25, 0.5, 0.75, 1.0)):
    """The no-Neutral-sink rule (written for v7 before its figures were seen): for each alpha fit the per-class
    corrections (fit_offsets), then keep the alpha with the highest balanced accuracy on these rows among those
    whose accuracy is within accuracy_slack of the best alpha's and whose every recall is >= min_recall (without
    the recall condition if no alpha meets it). Putting less of the training prior back is what feeds Neutral."""
    fits = fit_each_alpha(logits, split, log_prior, min_recall, alphas)
    top = max(f["accuracy"] for f in fits)
    near = [f for f in fits if f["accuracy"] >= top - accuracy_slack]
    ok = [f for f in near if f["lowest"] >= min_recall] or near
    best = max(ok, key=lambda f: f["balanced"])
    return best["alpha"], best["offsets"]


def subset(split, rows):
    """A split restricted to some rows."""
    return {k: v[rows] for k, v in split.items()}


def main():
    """Fit on even rows, report even/odd/all, write the calibrated checkpoint."""
    p = build_parser(__doc__, "checkpoint", "data", "threads", "flip")
    p.add_argument("--out", default=f"{RUN_DIR}/calibrated.pt")
    p.add_argument("--min-recall", type=float, default=0.30)
    p.add_argument("--alpha", type=float, default=None, help="use this share of the prior instead of choosing it "
                   "on the grid (the per-class corrections are still fitted on the even rows)")
    p.add_argument("--rule", choices=("objective", "targets", "balance"), default="objective",
                   help="how alpha is chosen on the even rows: the objective above, the release targets "
                   "(highest accuracy with balanced accuracy >= --min-balanced and every recall >= --min-recall), "
                   "or balance (highest balanced accuracy with accuracy within 0.5 point of the best alpha's)")
    p.add_argument("--min-balanced", type=float, default=0.70)
    args = p.parse_args()
    ck = torch.load(args.checkpoint, map_location="cpu", weights_only=False)
    model = load_model(args.checkpoint)
    valid = load_split("valid", args.data)
    logits = predict(model, valid["images"], args.threads, flip=args.flip)
    log_prior = torch.tensor(ck["state"]["prior"]).log()
    rows = torch.arange(len(logits))
    even, odd = rows[rows % 2 == 0], rows[rows % 2 == 1]
    alphas = (args.alpha,) if args.alpha is not None else (0.0, 0.25, 0.5, 0.75, 1.0)
    if args.rule == "balance":
        alpha, offsets = fit_for_balance(logits[even], subset(valid, even), log_prior, args.min_recall, alphas=alphas)
    elif args.rule == "targets":
        alpha, offsets = fit_for_targets(logits[even], subset(valid, even), log_prior, args.min_recall, args.min_balanced, alphas)
    else:
        alpha, offsets = fit_offsets(logits[even], subset(valid, even), log_prior, args.min_recall, alphas=alphas)
    report = {"alpha": alpha, "offsets": [round(v, 4) for v in offsets.tolist()], "min_recall": args.min_recall, "rule": args.rule, "flip": args.flip}
    for name, r in (("even", even), ("odd", odd), ("all", rows)):
        before, after = summarise(logits[r], subset(valid, r)), summarise(logits[r] + offsets, subset(valid, r))
        print(f"{name:>4} before: {describe(before)}\n{name:>4} after:  {describe(after)}", flush=True)
        report[name] = {"before": before, "after": after}
    print(f"alpha {alpha}, offsets {report['offsets']}", flush=True)
    state = model.state_dict()
    for i in range(len(model.branches)):
        state[f"branches.{i}.fc.bias"] = state[f"branches.{i}.fc.bias"] + offsets
    ck["model"] = state
    ck["state"]["calibration"] = {k: v for k, v in report.items() if k in ("alpha", "offsets", "min_recall", "rule", "flip")}
    ck["state"]["calibration"]["odd_after"] = {k: report["odd"]["after"][k] for k in ("ensemble_accuracy", "per_class_recall")}
    torch.save(ck, args.out)
    with open(os.path.splitext(args.out)[0] + ".json", "w") as f:
        json.dump(report, f, indent=1)


if __name__ == "__main__":
    main()

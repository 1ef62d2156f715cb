"""Evaluate ESR-9 weights on a FER split: ensemble and per-branch accuracy, per-class recall,
confusion matrix (FER+ majority protocol), and FER2013 7-class accuracy (original labels, contempt
excluded from every branch's argmax before the vote).

  python3 -m training.evaluate --weights models/esr9/esr9.safetensors --split valid [--json out.json]
"""
import json

from .arguments import build_parser
from .data import load_split
from .metrics import predict, read_teacher, shrink_faces, summarise
from .weights_io import load_model


def main():
    """Print a readable report and optionally write JSON."""
    p = build_parser(__doc__, "weights", "split", "data", "threads", "limit", "flip", "teacher")
    p.add_argument("--json", default=None, help="write the metrics here")
    p.add_argument("--shrink", type=int, default=0, help="robustness: faces shrunk to this side (area) and back to 48 first")
    args = p.parse_args()
    split = load_split(args.split, args.data)
    if args.shrink:
        split["images"] = shrink_faces(split["images"], args.shrink)
    teacher = read_teacher(args.teacher, len(split["images"])) if args.teacher else None
    if args.limit:
        split = {k: v[:args.limit] for k, v in split.items()}
        teacher = teacher[:args.limit] if teacher is not None else None
    m = summarise(predict(load_model(args.weights), split["images"], args.threads, flip=args.flip), split, teacher)
    print(f"{args.split}: n={m['n']} ensemble {m['ensemble_accuracy']:.4f} "
          f"branch mean {m['branch_mean_accuracy']:.4f} FER2013-7 {m['fer2013_7class_accuracy']:.4f}")
    print("branches: " + " ".join(f"{a:.4f}" for a in m["branch_accuracy"]))
    print("recall: " + ", ".join(f"{k} {v:.3f}" if v is not None else f"{k} n/a" for k, v in m["per_class_recall"].items()))
    print("share true/predicted: " + ", ".join(f"{k[:3]} {v['true']:.3f}/{v['predicted']:.3f}" for k, v in m["class_share"].items()))
    if teacher is not None:
        print(f"agreement with face-api (7 classes): {m['faceapi_agreement']:.4f}")
    print("confusion (rows true, cols predicted): " + " ".join(s[:3] for s in m["labels"]))
    for name, row in zip(m["labels"], m["confusion"]):
        print(f"  {name:<9}" + "".join(f"{v:6d}" for v in row))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(m, f, indent=1)


if __name__ == "__main__":
    main()

"""Cache each branch's pooled last-layer features (N, 9, 512) of a split, for head-only training.

  python3 -m training.features --weights models/esr9/esr9.safetensors --split train --out training/runs/features
"""
import os
import time

import torch

from .arguments import build_parser
from .data import load_split, to_input
from .weights_io import load_model


@torch.no_grad()
def pooled_features(model, images, rows, save, batch=128, save_every=8):
    """Per-branch global-average-pooled conv4 features (N, branches, 512) as float16, for images[rows] in that
    order; save(rows_done, features) is called every few batches so a partial cache is usable."""
    outs, t0 = [], time.time()
    for k, i in enumerate(range(0, len(rows), batch)):
        shared = model.base(to_input(images[rows[i:i + batch]], getattr(model, "input_size", 96)))
        outs.append(torch.stack([b.features(shared).mean(dim=(2, 3)) for b in model.branches], 1).half())
        done = i + len(outs[-1])
        if k % save_every == save_every - 1 or done == len(rows):
            save(rows[:done], torch.cat(outs))
            print(f"  {done}/{len(rows)} {done / (time.time() - t0):.1f} img/s", flush=True)
    return torch.cat(outs)


def cache_path(out, weights, split):
    """Where the features of (weights, split) are cached."""
    stem = os.path.splitext(os.path.basename(weights))[0]
    return os.path.join(out, f"{stem}-{split}.pt")


def main():
    """Compute and save the features of one split."""
    p = build_parser(__doc__, "weights", "split", "data", "limit", "seed", "threads", split="train")
    p.add_argument("--shuffle", action="store_true", help="random row order, so a partial cache is a random sample")
    p.add_argument("--out", default="training/runs/features")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    os.makedirs(args.out, exist_ok=True)
    images = load_split(args.split, args.data)["images"]
    rows = torch.arange(len(images))
    if args.shuffle:
        rows = rows[torch.randperm(len(rows), generator=torch.Generator().manual_seed(args.seed))]
    if args.limit:
        rows = rows[:args.limit]
    path = cache_path(args.out, args.weights, args.split)

    def save(done, feats):
        """Write the cache atomically (also called on partial progress)."""
        torch.save({"rows": done, "features": feats, "weights": os.path.abspath(args.weights)}, path + ".tmp")
        os.replace(path + ".tmp", path)

    feats = pooled_features(load_model(args.weights), images, rows, save)
    print(f"wrote {path}: {tuple(feats.shape)}")


if __name__ == "__main__":
    main()

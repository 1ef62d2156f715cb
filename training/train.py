"""Train ESR-9 on FER+ (majority-protocol images, vote distributions as soft targets).

All nine branches train jointly on the shared base; each branch sees its own Poisson(1) bootstrap
weights per sample (online bagging), so branches become an ensemble rather than nine copies.
The (arousal, valence) head learns the circumplex proxy described in data.py.

  python3 training/train.py --out training/runs/esr9 [--epochs 3] [--resume]
"""
import argparse
import json
import math
import os
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from data import CLASS_AV, augment, load_split, to_input  # noqa: E402
from esr9 import ESR9  # noqa: E402


def parse_args():
    """Command-line options."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", default="training/runs/esr9", help="checkpoint folder")
    p.add_argument("--data", default=None, help="FER data folder (default ../shared/data/fer)")
    p.add_argument("--epochs", type=float, default=3.0)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--weight-decay", type=float, default=5e-4)
    p.add_argument("--av-weight", type=float, default=0.5)
    p.add_argument("--eval-every", type=int, default=200, help="steps between validation runs")
    p.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    p.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    p.add_argument("--bf16", action="store_true", default=True, help="bfloat16 autocast")
    p.add_argument("--no-bf16", dest="bf16", action="store_false")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--resume", action="store_true", help="continue from OUT/last.pt")
    return p.parse_args()


def lr_at(step, total, base_lr, warmup=150):
    """Linear warm-up then cosine decay to zero."""
    if step < warmup:
        return base_lr * (step + 1) / warmup
    return 0.5 * base_lr * (1 + math.cos(math.pi * min(1.0, (step - warmup) / max(1, total - warmup))))


@torch.no_grad()
def evaluate_accuracy(model, split, device, bf16, batch=256):
    """Ensemble (plurality vote) and per-branch accuracy on majority-labelled images of a split."""
    model.eval()
    keep = split["majority"] >= 0
    images, labels = split["images"][keep], split["majority"][keep]
    preds = []
    for i in range(0, len(images), batch):
        x = to_input(images[i:i + batch]).to(device).contiguous(memory_format=torch.channels_last)
        with torch.autocast(device_type=device.split(":")[0], dtype=torch.bfloat16, enabled=bf16):
            logits, _ = model(x)
        preds.append(logits.float().argmax(-1).cpu())
    branch_preds = torch.cat(preds)
    votes = F.one_hot(branch_preds, 8).sum(1).float()
    votes += F.one_hot(branch_preds[:, 0], 8) * 0.5  # tie rule: the lowest-index branch's choice wins
    ensemble = votes.argmax(-1)
    model.train()
    return {
        "ensemble": (ensemble == labels).float().mean().item(),
        "branches": [(branch_preds[:, b] == labels).float().mean().item() for b in range(branch_preds.shape[1])],
    }


def save(path, model, opt, state):
    """Write a checkpoint atomically."""
    tmp = path + ".tmp"
    torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "state": state}, tmp)
    os.replace(tmp, path)


def main():
    """Train, validating every --eval-every steps and keeping best.pt by ensemble accuracy."""
    args = parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    os.makedirs(args.out, exist_ok=True)
    train, valid = load_split("train", args.data), load_split("valid", args.data)
    keep = train["majority"] >= 0
    images, soft = train["images"][keep], train["soft"][keep]
    n = len(images)
    steps_per_epoch = n // args.batch
    total = int(args.epochs * steps_per_epoch)
    model = ESR9().to(args.device).to(memory_format=torch.channels_last)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    state = {"step": 0, "best": 0.0, "history": [], "seconds": 0.0, "args": vars(args)}
    last = os.path.join(args.out, "last.pt")
    if args.resume and os.path.exists(last):
        ck = torch.load(last, map_location=args.device)
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        state = ck["state"]
        print(f"resumed at step {state['step']}/{total}", flush=True)
    gen = torch.Generator().manual_seed(args.seed + state["step"])
    class_av = CLASS_AV.to(args.device)
    dev_type = args.device.split(":")[0]
    nb = len(model.branches)
    t0, seen, loss_sum = time.time(), 0, 0.0
    while state["step"] < total:
        epoch = state["step"] // steps_per_epoch
        perm = torch.randperm(n, generator=torch.Generator().manual_seed(args.seed * 1000 + epoch))
        start = (state["step"] % steps_per_epoch) * args.batch
        for i in range(start, steps_per_epoch * args.batch, args.batch):
            if state["step"] >= total:
                break
            idx = perm[i:i + args.batch]
            x = augment(images[idx], gen).to(args.device).contiguous(memory_format=torch.channels_last)
            target = soft[idx].to(args.device)
            av_target = target @ class_av
            weight = torch.poisson(torch.ones(len(idx), nb), generator=gen).to(args.device)
            for g in opt.param_groups:
                g["lr"] = lr_at(state["step"], total, args.lr)
            with torch.autocast(device_type=dev_type, dtype=torch.bfloat16, enabled=args.bf16):
                logits, affect = model(x)
            logits, affect = logits.float(), affect.float()
            ce = -(target.unsqueeze(1) * F.log_softmax(logits, -1)).sum(-1)
            mse = ((affect - av_target.unsqueeze(1)) ** 2).sum(-1)
            loss = ((ce + args.av_weight * mse) * weight).sum() / (weight.sum() + 1e-6)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            state["step"] += 1
            seen += len(idx)
            loss_sum += loss.item()
            if state["step"] % args.eval_every == 0 or state["step"] == total:
                state["seconds"] += time.time() - t0
                acc = evaluate_accuracy(model, valid, args.device, args.bf16)
                entry = {"step": state["step"], "epoch": round(state["step"] / steps_per_epoch, 3),
                         "seconds": round(state["seconds"]), "loss": round(loss_sum / max(1, args.eval_every), 4),
                         "valid_ensemble": round(acc["ensemble"], 4),
                         "valid_branch_mean": round(sum(acc["branches"]) / nb, 4)}
                state["history"].append(entry)
                print(f"epoch {entry['epoch']:.2f} step {state['step']}/{total} loss {entry['loss']:.4f} "
                      f"valid ensemble {acc['ensemble']:.4f} branch mean {entry['valid_branch_mean']:.4f} "
                      f"{seen / (time.time() - t0):.1f} img/s {state['seconds'] / 60:.1f} min", flush=True)
                if acc["ensemble"] > state["best"]:
                    state["best"] = acc["ensemble"]
                    save(os.path.join(args.out, "best.pt"), model, opt, state)
                save(last, model, opt, state)
                with open(os.path.join(args.out, "history.json"), "w") as f:
                    json.dump(state["history"], f, indent=1)
                t0, seen, loss_sum = time.time(), 0, 0.0
    print(f"done: best valid ensemble accuracy {state['best']:.4f}", flush=True)


if __name__ == "__main__":
    main()

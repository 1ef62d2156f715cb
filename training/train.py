"""Train ESR-9, recipe v2: logit-adjusted loss on FER+ votes mixed with FER2013 labels, a fixed bootstrap sample
per branch (bagging), multi-resolution + strong augmentation, and a wall-clock budget that the learning-rate
schedule spans (so one script fits an 8-minute GPU run and a 150-minute CPU run). Resumable; history.json and a
validation line (accuracy, ensemble gain, per-class recall) are written as it goes.

  python3 -m training.train --minutes 150 --out training/runs/esr9            # CPU (torch 1.13) or CUDA (torch 2.x)
  python3 -m training.train --minutes 150 --out training/runs/esr9 --resume   # continue after a stop
"""
import copy
import json
import os
import time

import numpy as np
import torch

from .data import CLASS_AV, augment, load_split, to_input, training_targets
from .esr9 import ESR9
from .arguments import build_parser
from .metrics import summarise
from .paths import RUN_DIR
from .recipe import (bootstrap_weights, branch_spread, class_prior, describe, logit_adjusted_ce, lr_at, mix_teacher,
                    selection_score, teacher_distribution)
from .weights_io import read_safetensors


def parse_args(argv=None):
    """Command-line options."""
    p = build_parser(__doc__, "data", "limit", "threads", "seed")
    p.add_argument("--out", default=RUN_DIR, help="checkpoint folder")
    p.add_argument("--minutes", type=float, default=150.0, help="wall-clock budget, evaluation included")
    p.add_argument("--max-steps", type=int, default=0, help="stop after this many steps (dry runs)")
    p.add_argument("--valid-limit", type=int, default=0, help="first N valid rows only (dry runs)")
    p.add_argument("--init", default=None, help="start from these weights (.safetensors or .pt)")
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--weight-decay", type=float, default=0.01)
    p.add_argument("--tau", type=float, default=1.0, help="logit adjustment strength (0 = plain cross-entropy)")
    p.add_argument("--fer2013-weight", type=float, default=0.35, help="share of FER2013's label in the target")
    p.add_argument("--multires", type=float, default=0.3, help="share of faces down-scaled to 12-24 px")
    p.add_argument("--jpeg", type=float, default=0.3, help="share of faces given JPEG artefacts (quality 15-90)")
    p.add_argument("--input-size", type=int, default=48, help="model input side: 48 (FER's own size) or 96 (paper)")
    p.add_argument("--av-weight", type=float, default=0.5)
    p.add_argument("--diversity", type=float, default=0.0, help="weight of the negative-correlation term that pushes "
                   "the branches apart (0 = off)")
    p.add_argument("--teacher", default=None, help="face-api probabilities for the train split (teacher.mjs output, "
                   "N x 2 views x 7 float32): mixed into the targets as a second teacher")
    p.add_argument("--teacher-weight", type=float, default=0.0, help="share of the teacher in the target")
    p.add_argument("--teacher-temperature", type=float, default=1.0, help="softening of the teacher's probabilities")
    p.add_argument("--init-offsets", default=None, help="metrics.json of released weights: subtract its calibration "
                   "offsets from the fc biases of --init (released weights carry them folded in)")
    p.add_argument("--evals", type=int, default=10, help="validation runs over the budget")
    p.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    p.add_argument("--bf16", action="store_true", default=True, help="bfloat16 autocast (default; ~1.8x float32 on these CPUs)")
    p.add_argument("--no-bf16", dest="bf16", action="store_false")
    p.add_argument("--resume", action="store_true", help="continue from OUT/last.pt")
    p.add_argument("--ema", type=float, default=0.0, help="validate and save an exponential moving average of the "
                   "weights with this decay per step (e.g. 0.999; 0 = off)")
    p.add_argument("--ema-every", type=int, default=8, help="update the average every N steps (decay ** N)")
    return p.parse_args(argv)


@torch.no_grad()
def validate(model, valid, device, bf16, size=48, batch=256):
    """evaluate.summarise() metrics of the current model on the valid rows (inputs built on the device)."""
    model.eval()
    outs = []
    for i in range(0, len(valid["images"]), batch):
        x = to_input(valid["images"][i:i + batch].to(device), size).contiguous(memory_format=torch.channels_last)
        with torch.autocast(device_type=device.split(":")[0], dtype=torch.bfloat16, enabled=bf16):
            outs.append(model(x)[0].float().cpu())
    model.train()
    return summarise(torch.cat(outs), valid)


def build_model(args):
    """ESR-9, optionally initialised from earlier weights."""
    model = ESR9()
    if args.init:
        state = read_safetensors(args.init)[0] if args.init.endswith(".safetensors") else torch.load(args.init, weights_only=False)["model"]
        if args.init_offsets:
            with open(args.init_offsets) as f:
                offsets = torch.tensor(json.load(f)["training"]["calibration"]["offsets"])
            state = {k: v - offsets if k.endswith("fc.bias") else v for k, v in state.items()}
        model.load_state_dict(state, strict=False)
    return model.to(args.device).to(memory_format=torch.channels_last)


def update_ema(ema, model, decay):
    """Move the averaged weights toward the trained ones; batch-norm statistics are copied as they are."""
    with torch.no_grad():
        for e, p in zip(ema.parameters(), model.parameters()):
            e.lerp_(p, 1.0 - decay)
        for e, b in zip(ema.buffers(), model.buffers()):
            e.copy_(b)


def save(path, model, opt, state, ema=None):
    """Write a checkpoint atomically; with EMA, "model" holds the averaged weights and "raw" the trained ones."""
    ck = {"model": (ema or model).state_dict(), "opt": opt.state_dict(), "state": state}
    if ema is not None:
        ck["raw"] = model.state_dict()
    torch.save(ck, path + ".tmp")
    os.replace(path + ".tmp", path)


def record(args, model, opt, state, valid, loss, ema=None):
    """Validate (the EMA weights when kept), print one line, keep best.pt (selection score) and last.pt,
    rewrite history.json."""
    m = validate(ema or model, valid, args.device, args.bf16, args.input_size)
    entry = {"step": state["step"], "epoch": round(state["epoch"], 3), "minutes": round(state["seconds"] / 60, 2),
             "loss": round(loss, 4), "valid_ensemble": round(m["ensemble_accuracy"], 4),
             "valid_branch_mean": round(m["branch_mean_accuracy"], 4), "score": round(selection_score(m), 4),
             "recall": {k: round(v, 3) for k, v in m["per_class_recall"].items() if v is not None}}
    state["history"].append(entry)
    print(f"epoch {entry['epoch']:.2f} step {state['step']} {entry['minutes']:.1f}/{args.minutes:g} min "
          f"loss {loss:.4f} | {describe(m)}", flush=True)
    if entry["score"] > state["best"]:
        state["best"] = entry["score"]
        save(os.path.join(args.out, "best.pt"), model, opt, state, ema)
    save(os.path.join(args.out, "last.pt"), model, opt, state, ema)
    with open(os.path.join(args.out, "history.json"), "w") as f:
        json.dump(state["history"], f, indent=1)


def main(argv=None):
    """Train until the budget (or --max-steps) is spent."""
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    torch.backends.cudnn.benchmark = True
    os.makedirs(args.out, exist_ok=True)
    train, valid = load_split("train", args.data), load_split("valid", args.data)
    if args.valid_limit:
        valid = {k: v[:args.valid_limit] for k, v in valid.items()}
    rows, targets = training_targets(train, args.fer2013_weight)
    if args.teacher:
        views = torch.from_numpy(np.fromfile(args.teacher, dtype=np.float32).reshape(len(train["images"]), -1, 7))
        targets = mix_teacher(targets, teacher_distribution(views[rows], args.teacher_temperature), args.teacher_weight)
    if args.limit:
        rows, targets = rows[:args.limit], targets[:args.limit]
    images = train["images"][rows].to(args.device)
    targets = targets.to(args.device)
    model = build_model(args)
    nb = len(model.branches)
    boot = bootstrap_weights(len(rows), nb, args.seed).to(args.device)
    log_prior = class_prior(targets).log()
    class_av = CLASS_AV.to(args.device)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    state = {"step": 0, "epoch": 0.0, "seconds": 0.0, "best": -1.0, "history": [], "args": vars(args),
             "prior": class_prior(targets).tolist(), "rows": len(rows)}
    last = os.path.join(args.out, "last.pt")
    if args.resume and os.path.exists(last):
        ck = torch.load(last, map_location=args.device, weights_only=False)
        model.load_state_dict(ck.get("raw", ck["model"]))
        opt.load_state_dict(ck["opt"])
        state = ck["state"]
        print(f"resumed at step {state['step']}, {state['seconds'] / 60:.1f} of {args.minutes:g} min", flush=True)
    ema = None
    if args.ema > 0:
        ema = copy.deepcopy(model)
        if args.resume and os.path.exists(last):
            ema.load_state_dict(ck["model"])
    budget = args.minutes * 60
    per_epoch = max(1, len(rows) // args.batch)
    gen = torch.Generator(device=args.device).manual_seed(args.seed * 1000 + state["step"])
    next_eval = (len(state["history"]) + 1) * budget / args.evals
    t_last, loss_sum, loss_n = time.time(), 0.0, 0
    t_mark = t_last
    print(f"training {len(rows)} rows x {nb} branches on {args.device}, budget {args.minutes:g} min", flush=True)
    perm, perm_epoch = None, -1
    while state["seconds"] < budget and not (args.max_steps and state["step"] >= args.max_steps):
        epoch, pos = divmod(state["step"], per_epoch)
        if perm_epoch != epoch:
            perm = torch.randperm(len(rows), generator=torch.Generator().manual_seed(args.seed * 1000 + epoch))
            perm, perm_epoch = perm.to(args.device), epoch
        idx = perm[pos * args.batch:(pos + 1) * args.batch]
        x = augment(images[idx], gen, args.multires, size=args.input_size, jpeg=args.jpeg).contiguous(memory_format=torch.channels_last)
        for g in opt.param_groups:
            g["lr"] = lr_at(state["seconds"] / budget, args.lr)
        with torch.autocast(device_type=args.device.split(":")[0], dtype=torch.bfloat16, enabled=args.bf16):
            logits, affect = model(x)
        ce = logit_adjusted_ce(logits.float(), targets[idx], log_prior, args.tau)
        mse = ((affect.float() - (targets[idx] @ class_av).unsqueeze(1)) ** 2).sum(-1)
        weight = boot[idx]
        spread = branch_spread(logits) if args.diversity else 0.0
        loss = ((ce + args.av_weight * mse - args.diversity * spread) * weight).sum() / weight.sum().clamp_min(1e-6)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        if ema is not None and state["step"] % args.ema_every == 0:
            update_ema(ema, model, args.ema ** args.ema_every)
        state["step"] += 1
        state["epoch"] = state["step"] / per_epoch
        loss_sum, loss_n = loss_sum + loss.item(), loss_n + 1
        now = time.time()
        state["seconds"] += now - t_last
        t_last = now
        if state["step"] % 200 == 0:
            print(f"  step {state['step']} epoch {state['epoch']:.2f} {state['seconds'] / 60:.1f} min "
                  f"{200 * args.batch / max(1e-9, now - t_mark):.0f} faces/s", flush=True)
            t_mark = now
        done = state["seconds"] >= budget or (args.max_steps and state["step"] >= args.max_steps)
        if state["seconds"] >= next_eval or done:
            record(args, model, opt, state, valid, loss_sum / max(1, loss_n), ema)
            loss_sum, loss_n = 0.0, 0
            next_eval = (len(state["history"]) + 1) * budget / args.evals
            state["seconds"] += time.time() - t_last
            t_last = time.time()
    print(f"done: {state['step']} steps, {state['epoch']:.2f} epochs, {state['seconds'] / 60:.1f} min, "
          f"best selection score {state['best']:.4f}", flush=True)


if __name__ == "__main__":
    main()

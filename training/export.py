"""Export a checkpoint to models/esr9/: esr9.safetensors (float16 unless that costs >= 0.2 points of
validation accuracy, then float32; metadata `input_size` = the side the model was trained at),
golden.safetensors (a few validation faces as network inputs with the expected per-branch logits, affect and
Grad-CAM maps) and metrics.json (evaluate.py on valid).

  python3 -m training.export --checkpoint training/runs/esr9/calibrated.pt --out models/esr9
  python3 -m training.export --checkpoint models/esr9/esr9.safetensors --out models/esr9 --golden-only
"""
import json
import os

import numpy as np
import torch

from .arguments import build_parser
from .data import load_split, to_input
from .fer_files import AFFECTNET_ORDER
from .metrics import predict, summarise, vote
from .paths import RELEASE_DIR, RUN_DIR
from .weights_io import load_model, write_safetensors

GOLDEN_ROWS = [0, 1, 2, 3, 5, 8]
HEAD_N = 800  # first majority-labelled valid images, re-scored by the TypeScript test


def grad_cam(model, x):
    """Grad-CAM of each branch w.r.t. its predicted class on the shared base output (8x8 cells at 48x48 input,
    where a branch's own last map is 2x2), with that branch's own gradients via autograd, in [0,1]."""
    shared = model.base(x).detach().requires_grad_(True)
    maps = []
    for branch in model.branches:
        logits = branch(shared)[0]
        picked = logits.gather(1, logits.argmax(1, keepdim=True)).sum()
        grads = torch.autograd.grad(picked, shared)[0]
        cam = torch.relu((grads.mean(dim=(2, 3), keepdim=True) * shared).sum(1))
        peak = cam.flatten(1).max(1).values.clamp_min(1e-12).view(-1, 1, 1)
        maps.append(torch.where(peak > 1e-12, cam / peak, torch.zeros_like(cam)))
    return torch.stack(maps, 1).detach()


def write_golden(model, valid, out):
    """golden.safetensors: GOLDEN_ROWS of valid as network inputs, with logits, affect and Grad-CAM maps."""
    x = to_input(valid["images"][GOLDEN_ROWS], model.input_size)
    with torch.no_grad():
        logits, affect = model(x)
    cams = grad_cam(model, x)
    write_safetensors(os.path.join(out, "golden.safetensors"),
                      {"input": x.numpy(), "logits": logits.numpy(), "affect": affect.numpy(), "cam": cams.numpy()},
                      {"rows": ",".join(map(str, GOLDEN_ROWS)), "split": "valid", "cam_layer": "base (shared) output"})


def main():
    """Write weights, golden fixture and metrics."""
    p = build_parser(__doc__, "checkpoint", "data", "threads", checkpoint=f"{RUN_DIR}/calibrated.pt")
    p.add_argument("--out", default=RELEASE_DIR)
    p.add_argument("--valid-limit", type=int, default=0, help="first N valid rows only (dry runs)")
    p.add_argument("--golden-only", action="store_true", help="rewrite golden.safetensors only (weights untouched)")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    os.makedirs(args.out, exist_ok=True)
    model = load_model(args.checkpoint)
    size = model.input_size
    if args.golden_only:
        write_golden(model, load_split("valid", args.data), args.out)
        print(f"golden written for a {size}x{size} model")
        return
    state = {k: v for k, v in model.state_dict().items() if not k.endswith("num_batches_tracked")}
    valid = load_split("valid", args.data)
    if args.valid_limit:
        valid = {k: v[:args.valid_limit] for k, v in valid.items()}
    flip = bool(torch.load(args.checkpoint, map_location="cpu", weights_only=False)["state"].get("calibration", {}).get("flip"))
    full = summarise(predict(model, valid["images"], args.threads, flip=flip), valid)
    half_state = {k: v.half().float() for k, v in state.items()}
    model.load_state_dict(half_state, strict=False)
    half = summarise(predict(model, valid["images"], args.threads, flip=flip), valid)
    use_half = full["ensemble_accuracy"] - half["ensemble_accuracy"] < 0.002
    dtype = np.float16 if use_half else np.float32
    if not use_half:
        model.load_state_dict(state, strict=False)
    ck = torch.load(args.checkpoint, map_location="cpu", weights_only=False)["state"]
    meta = {"format": "esr9-v1", "classes": ",".join(AFFECTNET_ORDER), "input": f"N,3,{size},{size} BGR [0,1]", "input_size": size,
            "affect": "arousal,valence", "training_step": ck.get("step"), "storage": np.dtype(dtype).name,
            "calibrated_with_flip": int(flip)}
    write_safetensors(os.path.join(args.out, "esr9.safetensors"),
                      {k: v.numpy().astype(dtype) for k, v in state.items()}, meta)
    write_golden(model, valid, args.out)
    head_idx = (valid["majority"] >= 0).nonzero().flatten()[:HEAD_N]
    with torch.no_grad():
        head_logits, _ = model(to_input(valid["images"][head_idx], size))
    head_acc = (vote(head_logits.softmax(-1)) == valid["majority"][head_idx]).float().mean().item()
    report = {"valid": half if use_half else full,
              "valid_head": {"n": int(len(head_idx)), "ensemble_accuracy": head_acc}, "valid_float32_ensemble_accuracy": full["ensemble_accuracy"],
              "valid_float16_ensemble_accuracy": half["ensemble_accuracy"], "storage": np.dtype(dtype).name, "flip": flip,
              "history": ck.get("history"), "training_seconds": ck.get("seconds"), "args": ck.get("args"),
              "training": {k: v for k, v in ck.items() if k not in ("history", "seconds", "args")}}
    with open(os.path.join(args.out, "metrics.json"), "w") as f:
        json.dump(report, f, indent=1)
    print(f"exported {np.dtype(dtype).name}: valid ensemble {report['valid']['ensemble_accuracy']:.4f} "
          f"(float32 {full['ensemble_accuracy']:.4f}, float16 {half['ensemble_accuracy']:.4f})")


if __name__ == "__main__":
    main()

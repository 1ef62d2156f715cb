"""Measure the activation ranges of ESR-9's int8 graph and write them beside the weights (esr9.int8.json).

fer's onnx engine quantises ESR-9 statically (src/esr9/onnx-int8-graph.ts): int8 weights per output channel
(from the weights alone) and a uint8 grid per convolution output. The grid of each ReLU output spans
[0, range]; range is the --percentile of that layer's outputs over --faces training faces (seeded sample,
model inputs exactly as fer builds them), which clips rare outliers instead of wasting the grid on them.

  /usr/bin/python3 -m training.calibrate_int8 --weights models/esr9/esr9.safetensors
"""
import json
import os

import numpy as np
import torch
import torch.nn.functional as F

from .arguments import build_parser
from .data import load_split, to_input
from .weights_io import load_model


def parse_args(argv=None):
    """Command-line options."""
    p = build_parser(__doc__, "weights", "data", "seed")
    p.add_argument("--faces", type=int, default=2000, help="training faces to calibrate on")
    p.add_argument("--percentile", type=float, default=99.99)
    p.add_argument("--sample", type=int, default=200_000, help="values kept per layer and batch")
    p.add_argument("--out", default=None, help="default: esr9.int8.json beside the weights")
    return p.parse_args(argv)


def collect(model, x, sample, gen):
    """Per layer name ('base.conv1', 'branches.3.conv4'): a random sample of its ReLU outputs on batch x."""
    found = {}
    hooks = []
    for name, module in model.named_modules():
        if isinstance(module, torch.nn.BatchNorm2d):
            layer = name.replace(".bn", ".conv")

            def hook(_m, _i, out, layer=layer):
                flat = F.relu(out).flatten()
                idx = torch.randint(0, flat.numel(), (min(sample, flat.numel()),), generator=gen)
                found[layer] = flat[idx].numpy()
            hooks.append(module.register_forward_hook(hook))
    with torch.no_grad():
        model(x)
    for h in hooks:
        h.remove()
    return found


def main(argv=None):
    """Sample training faces, run ESR-9 in float32 and write the ranges."""
    args = parse_args(argv)
    model = load_model(args.weights)
    train = load_split("train", args.data)
    gen = torch.Generator().manual_seed(args.seed)
    rows = torch.randperm(len(train["images"]), generator=gen)[:args.faces]
    values = {}
    for i in range(0, len(rows), 250):
        x = to_input(train["images"][rows[i:i + 250]], model.input_size)
        for layer, v in collect(model, x, args.sample, gen).items():
            values.setdefault(layer, []).append(v)
    ranges = {k: float(np.percentile(np.concatenate(v), args.percentile)) for k, v in sorted(values.items())}
    out = args.out or os.path.join(os.path.dirname(args.weights), "esr9.int8.json")
    doc = {"weights_bytes": os.path.getsize(args.weights), "method": f"ReLU output percentile {args.percentile} over "
           f"{len(rows)} FER+ training faces (seed {args.seed}), {args.sample} values per layer and batch of 250",
           "ranges": ranges}
    with open(out, "w") as f:
        json.dump(doc, f, indent=1)
    print(f"{out}: {len(ranges)} layers, base.conv1 {ranges['base.conv1']:.3f}, "
          f"branches.0.conv4 {ranges['branches.0.conv4']:.3f}")


if __name__ == "__main__":
    main()

"""Join the chunks a GPU run brought back (split.py) into a checkpoint that export.py and evaluate.py read.

  python3 -m training.gpu.join FETCHED_DIR training/runs/gpu/best.pt
"""
import hashlib
import json
import os
import sys

import torch

from ..weights_io import read_safetensors


def main():
    """Verify the sha256, then write {model, state} as a .pt checkpoint."""
    folder, target = sys.argv[1], sys.argv[2]
    with open(os.path.join(folder, "weights.json")) as f:
        manifest = json.load(f)
    data = b"".join(open(os.path.join(folder, p), "rb").read() for p in manifest["parts"])
    if len(data) != manifest["bytes"] or hashlib.sha256(data).hexdigest() != manifest["sha256"]:
        raise SystemExit(f"join: {folder}: parts do not match weights.json (incomplete transfer?)")
    os.makedirs(os.path.dirname(os.path.abspath(target)), exist_ok=True)
    tmp = target + ".safetensors.tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    tensors, _ = read_safetensors(tmp)
    os.remove(tmp)
    torch.save({"model": tensors, "state": manifest["state"]}, target)
    print(f"wrote {target} ({len(tensors)} tensors)")


if __name__ == "__main__":
    main()

"""Turn a training checkpoint into float16 safetensors chunks small enough to come back from a GPU run
(at most 8 files of 16 MiB): OUT/weights.partN + OUT/weights.json (sizes, sha256, training state).

  python3 -m training.gpu.split RUN/best.pt OUT
"""
import hashlib
import json
import os
import sys

import torch

from ..weights_io import write_safetensors

CHUNK = 15 * 2 ** 20


def main():
    """Write the chunks and the manifest."""
    checkpoint, out = sys.argv[1], sys.argv[2]
    ck = torch.load(checkpoint, map_location="cpu", weights_only=False)
    tensors = {k: v.float().numpy().astype("float16") for k, v in ck["model"].items() if v.is_floating_point()}
    whole = os.path.join(out, "weights.safetensors")
    write_safetensors(whole, tensors, {"format": "esr9-v1", "storage": "float16"})
    with open(whole, "rb") as f:
        data = f.read()
    os.remove(whole)
    parts = []
    for i in range(0, len(data), CHUNK):
        name = f"weights.part{i // CHUNK}"
        with open(os.path.join(out, name), "wb") as f:
            f.write(data[i:i + CHUNK])
        parts.append(name)
    manifest = {"parts": parts, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest(), "state": ck["state"]}
    with open(os.path.join(out, "weights.json"), "w") as f:
        json.dump(manifest, f, indent=1, default=str)
    print(f"{len(parts)} parts, {len(data) / 2 ** 20:.1f} MiB, sha256 {manifest['sha256'][:12]}")


if __name__ == "__main__":
    main()

"""Minimal safetensors reader/writer (the format is an 8-byte header length, a JSON header, raw data)."""
import json
import struct

import numpy as np
import torch

from .esr9 import ESR9

DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64}
NAMES = {np.dtype(v): k for k, v in DTYPES.items()}


def write_safetensors(path, tensors, metadata=None):
    """Write a dict name -> numpy array as a safetensors file."""
    header, offset, blobs = {}, 0, []
    for name in sorted(tensors):
        arr = np.ascontiguousarray(tensors[name])
        raw = arr.tobytes()
        header[name] = {"dtype": NAMES[arr.dtype], "shape": list(arr.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    if metadata:
        header["__metadata__"] = {k: str(v) for k, v in metadata.items()}
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def read_safetensors(path):
    """Read a safetensors file into (dict name -> float32 torch tensor, metadata)."""
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    meta = header.pop("__metadata__", {})
    base = 8 + n
    out = {}
    for name, info in header.items():
        a, b = info["data_offsets"]
        arr = np.frombuffer(data[base + a:base + b], dtype=DTYPES[info["dtype"]]).reshape(info["shape"])
        out[name] = torch.from_numpy(arr.astype(np.float32) if arr.dtype == np.float16 else arr.copy())
    return out, meta


PAPER_INPUT_SIZE = 96  # files without an input_size field (releases v1, v2) take the paper's 96x96 input


def load_model(path):
    """Build an ESR9 in eval mode from a .pt checkpoint or an exported .safetensors file; model.input_size is
    the input side it was trained at (safetensors metadata `input_size`, or the checkpoint's --input-size)."""
    model = ESR9()
    if path.endswith(".safetensors"):
        tensors, meta = read_safetensors(path)
        model.input_size = int(meta.get("input_size", PAPER_INPUT_SIZE))
    else:
        ck = torch.load(path, map_location="cpu", weights_only=False)
        tensors = ck["model"]
        model.input_size = int(ck.get("state", {}).get("args", {}).get("input_size", PAPER_INPUT_SIZE))
    state = {k: v.float() if v.is_floating_point() else v for k, v in tensors.items()}
    missing = model.load_state_dict(state, strict=False)
    if any(not k.endswith("num_batches_tracked") for k in missing.missing_keys) or missing.unexpected_keys:
        raise ValueError(f"{path}: mismatched tensors {missing}")
    return model.eval()

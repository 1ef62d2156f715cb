"""The one argument helper: options that several training scripts share, defined once."""
import argparse
import os

from .paths import RELEASED_WEIGHTS, RUN_DIR

SHARED_OPTIONS = {
    "data": dict(default=None, help="FER folder (default ../shared/data/fer) or a pack.py file"),
    "weights": dict(default=RELEASED_WEIGHTS, help="ESR-9 weights (.safetensors or .pt)"),
    "checkpoint": dict(default=f"{RUN_DIR}/best.pt", help="training checkpoint (.pt)"),
    "split": dict(default="valid", choices=("train", "valid"), help="FER split"),
    "threads": dict(type=int, default=os.cpu_count() or 2, help="PyTorch threads"),
    "limit": dict(type=int, default=0, help="first N rows only (dry runs)"),
    "flip": dict(action="store_true", help="flip test-time augmentation (logits averaged with the mirror's)"),
    "teacher": dict(default=None, help="teacher.mjs output (face-api probabilities) for this split"),
    "seed": dict(type=int, default=0, help="random seed"),
}


def build_parser(doc, *shared, **defaults):
    """An ArgumentParser showing the script's docstring, with the named shared options; defaults overrides
    their defaults by name (e.g. split="train")."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    for name in shared:
        spec = dict(SHARED_OPTIONS[name])
        if name in defaults:
            spec["default"] = defaults[name]
        parser.add_argument("--" + name, **spec)
    return parser

"""Default locations the training scripts share (relative to the repository root, where they are run)."""
import os

RUN_DIR = "training/runs/esr9"
RELEASED_WEIGHTS = "models/esr9/esr9.safetensors"
RELEASE_DIR = "models/esr9"
PACK_FILE = "training/gpu/data/fer.pack"


def default_data_dir():
    """Location of the shared FER data beside the project root (../shared/data/fer)."""
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.normpath(os.path.join(here, "..", "..", "shared", "data", "fer"))

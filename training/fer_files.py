"""FER2013 + FER+ files (../shared/data/fer, see ../shared/README.md, or a pack.py file) read with numpy alone:
label orders, the FER+ majority protocol and the arrays of a split."""
import csv
import io
import os

import numpy as np

from .pack import read_pack
from .paths import default_data_dir

# FER+ CSV columns, in file order, and their index in ESR-9's AffectNet order.
FERPLUS_COLUMNS = ["neutral", "happiness", "surprise", "sadness", "anger", "disgust", "fear", "contempt"]
FERPLUS_TO_AFFECTNET = [0, 1, 3, 2, 6, 5, 4, 7]
# FER2013 original labels (0 angry 1 disgust 2 fear 3 happy 4 sad 5 surprise 6 neutral) -> AffectNet index.
FER2013_TO_AFFECTNET = [6, 5, 4, 1, 2, 3, 0]

# Circumplex proxy for (arousal, valence) per AffectNet class. Pleasure/arousal coordinates of the
# category terms after Russell & Mehrabian (1977, J. Research in Personality 11:273-294) as commonly
# tabulated (e.g. Gebhard 2005, ALMA); Neutral is the origin; Contempt is our own placement
# (unpleasant, mildly aroused, between disgust and neutral) because the source lists no such term.
CIRCUMPLEX_AROUSAL_VALENCE = {
    "Neutral": (0.00, 0.00),
    "Happy": (0.48, 0.76),
    "Sad": (-0.27, -0.63),
    "Surprise": (0.67, 0.40),
    "Fear": (0.60, -0.64),
    "Disgust": (0.35, -0.60),
    "Anger": (0.59, -0.51),
    "Contempt": (0.20, -0.55),
}
AFFECTNET_ORDER = ["Neutral", "Happy", "Sad", "Surprise", "Fear", "Disgust", "Anger", "Contempt"]


def majority_labels(votes):
    """FER+ majority protocol: returns AffectNet label per row, or -1 where the image is discarded."""
    v = votes.copy()
    v[v == 1] = 0
    total = v.sum(axis=1)
    top = v.argmax(axis=1)
    keep = (top < 8) & (v.max(axis=1) * 2 > total) & (total > 0)
    mapped = np.array(FERPLUS_TO_AFFECTNET)[np.minimum(top, 7)]
    return np.where(keep, mapped, -1)


def read_raw(split, data_dir):
    """(images N,48,48 uint8, CSV rows) from a FER folder or from a pack.py file."""
    if os.path.isfile(data_dir):
        images, text = read_pack(data_dir)[split]
        return images, list(csv.DictReader(io.StringIO(text)))
    images = np.fromfile(os.path.join(data_dir, f"{split}.u8"), dtype=np.uint8).reshape(-1, 48, 48)
    with open(os.path.join(data_dir, f"{split}.csv"), newline="") as f:
        return images, list(csv.DictReader(f))


def read_split(split, data_dir=None):
    """A split as numpy arrays: images (N,48,48 uint8), FER+ votes (N,10), majority labels (N,), soft targets
    (N,8, AffectNet order, rows sum to 1 where there are emotion votes) and FER2013 labels (N,, AffectNet order)."""
    data_dir = data_dir or default_data_dir()
    images, rows = read_raw(split, data_dir)
    if len(rows) != len(images):
        raise ValueError(f"{split}: {len(rows)} csv rows but {len(images)} images")
    cols = FERPLUS_COLUMNS + ["unknown", "nf"]
    votes = np.array([[int(r[c]) for c in cols] for r in rows], dtype=np.int64).reshape(-1, len(cols))
    emo = np.zeros((len(rows), 8), dtype=np.float32)
    emo[:, FERPLUS_TO_AFFECTNET] = votes[:, :8]
    soft = emo / np.maximum(emo.sum(axis=1, keepdims=True), 1)
    fer2013 = np.array([FER2013_TO_AFFECTNET[int(r["fer2013"])] for r in rows], dtype=np.int64)
    return {"images": images, "votes": votes, "majority": majority_labels(votes), "soft": soft, "fer2013": fer2013}

"""FER2013 + FER+ loader for ../shared/data/fer (see ../shared/README.md)."""
import csv
import os

import numpy as np
import torch
import torch.nn.functional as F

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
CLASS_AV = torch.tensor([CIRCUMPLEX_AROUSAL_VALENCE[c] for c in AFFECTNET_ORDER], dtype=torch.float32)


def default_data_dir():
    """Location of the shared FER data beside the project root."""
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.normpath(os.path.join(here, "..", "..", "shared", "data", "fer"))


def majority_labels(votes):
    """FER+ majority protocol: returns AffectNet label per row, or -1 where the image is discarded."""
    v = votes.copy()
    v[v == 1] = 0
    total = v.sum(axis=1)
    top = v.argmax(axis=1)
    keep = (top < 8) & (v.max(axis=1) * 2 > total) & (total > 0)
    mapped = np.array(FERPLUS_TO_AFFECTNET)[np.minimum(top, 7)]
    return np.where(keep, mapped, -1)


def load_split(split, data_dir=None):
    """Load a split: images (N,48,48 uint8), majority labels, soft targets (N,8), fer2013 labels."""
    data_dir = data_dir or default_data_dir()
    images = np.fromfile(os.path.join(data_dir, f"{split}.u8"), dtype=np.uint8).reshape(-1, 48, 48)
    with open(os.path.join(data_dir, f"{split}.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    if len(rows) != len(images):
        raise ValueError(f"{split}: {len(rows)} csv rows but {len(images)} images")
    cols = FERPLUS_COLUMNS + ["unknown", "nf"]
    votes = np.array([[int(r[c]) for c in cols] for r in rows], dtype=np.int64)
    emo = np.zeros((len(rows), 8), dtype=np.float32)
    emo[:, FERPLUS_TO_AFFECTNET] = votes[:, :8]
    soft = emo / np.maximum(emo.sum(axis=1, keepdims=True), 1)
    fer2013 = np.array([FER2013_TO_AFFECTNET[int(r["fer2013"])] for r in rows], dtype=np.int64)
    return {
        "images": torch.from_numpy(images),
        "majority": torch.from_numpy(majority_labels(votes)),
        "soft": torch.from_numpy(soft),
        "fer2013": torch.from_numpy(fer2013),
    }


def to_input(images_u8):
    """Deterministic model input: grey 48x48 uint8 -> (N,3,96,96) float in [0,1], bilinear upscale."""
    x = images_u8.float().div(255.0).unsqueeze(1)
    x = F.interpolate(x, size=(96, 96), mode="bilinear", align_corners=False)
    return x.expand(-1, 3, -1, -1).contiguous()


def augment(images_u8, generator=None):
    """Training input with FER augmentation: flip, small affine (crop/scale/rotate/shift), brightness/contrast."""
    n = images_u8.shape[0]
    x = images_u8.float().div(255.0).unsqueeze(1)
    g = generator
    angle = (torch.rand(n, generator=g) * 2 - 1) * (12 * np.pi / 180)
    scale = 1.0 / (0.9 + torch.rand(n, generator=g) * 0.25)
    flip = torch.where(torch.rand(n, generator=g) < 0.5, -1.0, 1.0)
    tx = (torch.rand(n, generator=g) * 2 - 1) * 0.1
    ty = (torch.rand(n, generator=g) * 2 - 1) * 0.1
    cos, sin = torch.cos(angle) * scale, torch.sin(angle) * scale
    theta = torch.stack([torch.stack([cos * flip, -sin, tx], 1), torch.stack([sin * flip, cos, ty], 1)], 1)
    grid = F.affine_grid(theta, (n, 1, 96, 96), align_corners=False)
    x = F.grid_sample(x, grid, mode="bilinear", padding_mode="border", align_corners=False)
    contrast = 1 + (torch.rand(n, 1, 1, 1, generator=g) * 2 - 1) * 0.3
    bright = (torch.rand(n, 1, 1, 1, generator=g) * 2 - 1) * 0.15
    mean = x.mean(dim=(2, 3), keepdim=True)
    x = ((x - mean) * contrast + mean + bright).clamp(0, 1)
    return x.expand(-1, 3, -1, -1).contiguous()

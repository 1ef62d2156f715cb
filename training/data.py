"""Training-side view of the FER data: tensors, training targets, model input and augmentation."""
import numpy as np
import torch
import torch.nn.functional as F

from .fer_files import AFFECTNET_ORDER, CIRCUMPLEX_AROUSAL_VALENCE, read_split

CLASS_AV = torch.tensor([CIRCUMPLEX_AROUSAL_VALENCE[c] for c in AFFECTNET_ORDER], dtype=torch.float32)


def load_split(split, data_dir=None):
    """Load a split as tensors: images (N,48,48 uint8), FER+ votes, majority labels, soft targets (N,8), fer2013
    labels (see fer_files.read_split)."""
    return {k: torch.from_numpy(v) for k, v in read_split(split, data_dir).items()}


def training_targets(split, fer2013_weight=0.35, include_ambiguous=True):
    """Rows to train on and their soft targets (N, 8): FER+ vote shares mixed with FER2013's original label.

    Target = (1 - w) * FER+ votes + w * one-hot(FER2013 label). Rows kept: every majority-protocol image and, with
    include_ambiguous, every image the annotators mostly saw as a face (nf < half of all votes) even without a
    majority; those carry most of FER2013's Fear and Disgust faces.
    """
    votes = split["votes"].float()
    emotion_votes = votes[:, :8].sum(1)
    face = (votes[:, 9] * 2 < votes.sum(1)) & (emotion_votes > 0)
    keep = (split["majority"] >= 0) | (face if include_ambiguous else torch.zeros_like(face))
    onehot = F.one_hot(split["fer2013"], 8).float()
    target = (1 - fer2013_weight) * split["soft"] + fer2013_weight * onehot
    rows = keep.nonzero().flatten()
    return rows, target[rows]


def to_input(images_u8, size=48):
    """Deterministic model input: grey 48x48 uint8 -> (N,3,size,size) float in [0,1]; the face is fed as is at
    48 (the model's own input size) and bilinearly upscaled for the paper's 96x96 models."""
    x = images_u8.float().div(255.0).unsqueeze(1)
    if x.shape[-1] != size:
        x = F.interpolate(x, size=(size, size), mode="bilinear", align_corners=False)
    return x.expand(-1, 3, -1, -1).contiguous()


def rand(n, g, *shape):
    """Uniform [0,1) numbers on the generator's device."""
    return torch.rand(n, *shape, generator=g, device=g.device if g is not None else "cpu")


def downscale_some(x, g, share=0.3, low=12, high=24):
    """Multi-resolution augmentation (as MAFER): a share of faces go down to 12-24 px and back up to 48 px."""
    n = x.shape[0]
    sizes = (low + rand(n, g) * (high - low + 1)).long().clamp(max=high)
    sizes = torch.where(rand(n, g) < share, sizes, torch.zeros_like(sizes))
    out = x.clone()
    for s in sizes.unique().tolist():
        if s == 0:
            continue
        idx = (sizes == s).nonzero().flatten()
        small = F.interpolate(x[idx], size=(s, s), mode="area")
        out[idx] = F.interpolate(small, size=x.shape[-2:], mode="bilinear", align_corners=False)
    return out


def augment(images_u8, generator=None, multires=0.3, strong=True, size=48, jpeg=0.3):
    """Training input at size x size: multi-resolution, flip, affine crop jitter (scale/rotate/shift, as a
    detector box that is too tight, too loose or off-centre), gamma/contrast/brightness, noise, blur, JPEG
    artefacts and a random erased patch. Works on the device the images are on (generator on that device)."""
    n = images_u8.shape[0]
    g = generator
    x = downscale_some(images_u8.float().div(255.0).unsqueeze(1), g, multires)
    rot, shift = (15, 0.12) if strong else (12, 0.1)
    angle = (rand(n, g) * 2 - 1) * (rot * np.pi / 180)
    scale = 1.0 / (0.85 + rand(n, g) * 0.35)
    flip = torch.where(rand(n, g) < 0.5, -1.0, 1.0)
    tx = (rand(n, g) * 2 - 1) * shift
    ty = (rand(n, g) * 2 - 1) * shift
    cos, sin = torch.cos(angle) * scale, torch.sin(angle) * scale
    theta = torch.stack([torch.stack([cos * flip, -sin, tx], 1), torch.stack([sin * flip, cos, ty], 1)], 1)
    grid = F.affine_grid(theta, (n, 1, size, size), align_corners=False)
    x = F.grid_sample(x, grid, mode="bilinear", padding_mode="border", align_corners=False)
    contrast = 1 + (rand(n, g, 1, 1, 1) * 2 - 1) * (0.4 if strong else 0.3)
    bright = (rand(n, g, 1, 1, 1) * 2 - 1) * (0.2 if strong else 0.15)
    mean = x.mean(dim=(2, 3), keepdim=True)
    x = ((x - mean) * contrast + mean + bright).clamp(0, 1)
    if strong:
        x = photometric(x, g)
    if jpeg > 0:
        x = jpeg_some(x, g, jpeg)
    return x.expand(-1, 3, -1, -1).contiguous()


def photometric(x, g):
    """Gamma, sensor noise, slight blur and one erased patch per face (random strengths)."""
    n = x.shape[0]
    x = x.clamp_min(1e-4) ** torch.exp((rand(n, g, 1, 1, 1) * 2 - 1) * 0.4)
    x = x + torch.randn(x.shape, generator=g, device=x.device) * (rand(n, g, 1, 1, 1) * 0.04)
    blurred = F.avg_pool2d(F.pad(x, (1, 1, 1, 1), mode="replicate"), 3, 1)
    x = torch.where(rand(n, g, 1, 1, 1) < 0.2, blurred, x)
    size = x.shape[-1]
    cy, cx = (rand(n, g) * size).long(), (rand(n, g) * size).long()
    half = (rand(n, g) * size * 0.2).long()
    ys = torch.arange(size, device=x.device).view(1, size, 1)
    xs = torch.arange(size, device=x.device).view(1, 1, size)
    box = ((ys - cy.view(-1, 1, 1)).abs() <= half.view(-1, 1, 1)) & ((xs - cx.view(-1, 1, 1)).abs() <= half.view(-1, 1, 1))
    erase = box & (rand(n, g) < 0.3).view(-1, 1, 1)
    return torch.where(erase.unsqueeze(1), x.mean(dim=(2, 3), keepdim=True), x).clamp(0, 1)


# JPEG's luminance quantisation table (ITU-T T.81, Annex K) and the orthonormal 8-point DCT-II matrix.
JPEG_LUMA = torch.tensor([
    [16, 11, 10, 16, 24, 40, 51, 61], [12, 12, 14, 19, 26, 58, 60, 55], [14, 13, 16, 24, 40, 57, 69, 56],
    [14, 17, 22, 29, 51, 87, 80, 62], [18, 22, 37, 56, 68, 109, 103, 77], [24, 35, 55, 64, 81, 104, 113, 92],
    [49, 64, 78, 87, 103, 121, 120, 101], [72, 92, 95, 98, 112, 100, 103, 99]], dtype=torch.float32)
_k = torch.arange(8, dtype=torch.float32)
DCT8 = torch.cos((2 * _k.view(1, 8) + 1) * _k.view(8, 1) * np.pi / 16) * torch.where(_k.view(8, 1) == 0, (1 / 8) ** 0.5, (2 / 8) ** 0.5)


def jpeg_some(x, g, share=0.3, low=15, high=90):
    """JPEG artefacts on a share of faces: 8x8 block DCT, quantised with the standard luminance table at a
    random quality in [low, high], then inverted (faces whose size is not a multiple of 8 are left alone)."""
    n, _, h, w = x.shape
    if h % 8 or w % 8:
        return x
    quality = low + rand(n, g) * (high - low)
    scale = torch.where(quality < 50, 50 / quality, 2 - quality / 50).view(n, 1, 1, 1, 1)
    q = (JPEG_LUMA.to(x.device) * scale).clamp_min(1)
    d = DCT8.to(x.device)
    blocks = (x * 255 - 128).view(n, h // 8, 8, w // 8, 8).permute(0, 1, 3, 2, 4)
    coef = d @ blocks @ d.T
    back = d.T @ (torch.round(coef / q) * q) @ d
    y = ((back + 128) / 255).permute(0, 1, 3, 2, 4).reshape(n, 1, h, w).clamp(0, 1)
    return torch.where(rand(n, g, 1, 1, 1) < share, y, x)

"""Model predictions on FER faces and the metrics every training script reports (ensemble and branch accuracy,
per-class recall, confusion, FER2013 7-class accuracy, agreement with face-api)."""
import numpy as np
import torch
import torch.nn.functional as F

from .data import to_input
from .fer_files import AFFECTNET_ORDER
from .recipe import FACEAPI_TO_AFFECTNET


def vote(probs):
    """Plurality vote over branches (probs: N,9,K). Tie rule, as in src/esr9/ensemble.ts: among the classes
    with the most votes, the one with the highest mean probability across branches wins."""
    k = probs.shape[-1]
    counts = F.one_hot(probs.argmax(-1), k).sum(1).float()
    tied = counts == counts.max(-1, keepdim=True).values
    mean = probs.mean(1)
    return torch.where(tied, mean, torch.full_like(mean, -1.0)).argmax(-1)


@torch.no_grad()
def predict(model, images, threads, batch=128, flip=False):
    """Per-branch logits (N,9,8) for uint8 48x48 images, fed at the model's own input side; with flip, each
    face's logits are averaged with its mirror's (flip test-time augmentation, as both fer engines do)."""
    torch.set_num_threads(threads)
    outs = []
    for i in range(0, len(images), batch):
        x = to_input(images[i:i + batch], model.input_size)
        logits, _ = model(x)
        if flip:
            logits = 0.5 * (logits + model(x.flip(-1))[0])
        outs.append(logits)
    return torch.cat(outs)


def read_teacher(path, n):
    """face-api's own label per face (N,) in AffectNet order from a teacher.mjs file (its unmirrored view)."""
    views = torch.from_numpy(np.fromfile(path, dtype=np.float32).reshape(n, -1, 7))
    return torch.tensor(FACEAPI_TO_AFFECTNET)[views[:, 0].argmax(-1)]


def shrink_faces(images_u8, side):
    """48x48 uint8 faces as a camera far away would give them: area-downscaled to side x side, then bilinearly
    back to 48x48 (what fer does with a small detected face), rounded to uint8."""
    x = images_u8.float().unsqueeze(1)
    small = F.interpolate(x, size=(side, side), mode="area")
    back = F.interpolate(small, size=images_u8.shape[-2:], mode="bilinear", align_corners=False)
    return back.round().clamp(0, 255).squeeze(1).to(torch.uint8)


def summarise(logits, split, teacher=None):
    """All metrics as a JSON-ready dict; with teacher (face-api's label per face, AffectNet order), also the
    share of majority faces whose 7-class ensemble label equals face-api's."""
    keep = split["majority"] >= 0
    labels = split["majority"][keep]
    probs = logits[keep].softmax(-1)
    preds = probs.argmax(-1)
    ens = vote(probs)
    conf = torch.zeros(8, 8, dtype=torch.long)
    for t, p in zip(labels.tolist(), ens.tolist()):
        conf[t, p] += 1
    recall = {AFFECTNET_ORDER[c]: (conf[c, c].item() / conf[c].sum().item()) if conf[c].sum() > 0 else None
              for c in range(8)}
    branch_acc = [(preds[:, b] == labels).float().mean().item() for b in range(preds.shape[1])]
    ens7 = vote(logits[:, :, :7].softmax(-1))
    shares = {AFFECTNET_ORDER[c]: {"true": conf[c].sum().item() / len(labels), "predicted": conf[:, c].sum().item() / len(labels)}
              for c in range(8)}
    extra = {"class_share": shares}
    if teacher is not None:
        extra["faceapi_agreement"] = (ens7[keep] == teacher[keep]).float().mean().item()
    return {
        "n": int(keep.sum()),
        "ensemble_accuracy": (ens == labels).float().mean().item(),
        "branch_accuracy": branch_acc,
        "branch_mean_accuracy": sum(branch_acc) / len(branch_acc),
        "per_class_recall": recall,
        "labels": AFFECTNET_ORDER,
        "confusion": conf.tolist(),
        "fer2013_7class_accuracy": (ens7 == split["fer2013"]).float().mean().item(),
        "fer2013_n": len(split["fer2013"]),
        **extra,
    }

"""Recipe v2 pieces shared by train.py (full training) and train_heads.py (head-only stage on CPU):
class prior, logit-adjusted soft cross-entropy, fixed per-branch bootstrap, budget-spanning schedule."""
import math

import torch
import torch.nn.functional as F


def class_prior(targets, floor=1e-3):
    """Class prior (8,) as the mean soft target over the training rows, floored so log() stays finite."""
    prior = targets.float().mean(0).clamp_min(floor)
    return prior / prior.sum()


def logit_adjusted_ce(logits, target, log_prior, tau):
    """Soft-target cross-entropy on logits + tau * log(prior) (Menon et al., ICLR 2021).

    Training with the prior added makes the raw logits estimate prior-free (balanced) scores at tau = 1, so
    minority classes (Fear, Disgust, Contempt) are no longer swallowed by Neutral at inference; tau = 0 is
    plain cross-entropy. logits: (B, branches, 8); target: (B, 8). Returns (B, branches)."""
    adjusted = logits + tau * log_prior.view(1, 1, -1)
    return -(target.unsqueeze(1) * F.log_softmax(adjusted, -1)).sum(-1)


def branch_spread(logits):
    """Negative-correlation diversity term (Liu & Yao 1999): each branch's squared distance (B, branches) from
    the ensemble's mean probabilities, the mean held fixed; subtracting lambda times it from the loss pushes the
    branches apart, so their plurality vote gains more over a single branch."""
    probs = logits.float().softmax(-1)
    return ((probs - probs.mean(1, keepdim=True).detach()) ** 2).sum(-1)


def bootstrap_weights(n, branches, seed):
    """Fixed Poisson(1) weight per (row, branch) for the whole run: each branch sees its own bootstrap
    sample (about 37 % of rows absent), the bagging that makes the branches differ."""
    g = torch.Generator().manual_seed(seed * 7919 + 17)
    return torch.poisson(torch.ones(n, branches), generator=g)


def lr_at(progress, base_lr, warmup=0.03, floor=0.0):
    """Linear warm-up over the first 3 % of the budget, then cosine to floor at progress = 1."""
    if progress < warmup:
        return base_lr * max(progress / warmup, 0.02)
    t = min(1.0, (progress - warmup) / (1 - warmup))
    return floor + 0.5 * (base_lr - floor) * (1 + math.cos(math.pi * t))


def balanced_accuracy(metrics):
    """Mean per-class recall over the classes present (evaluate.summarise() metrics)."""
    recalls = [r for r in metrics["per_class_recall"].values() if r is not None]
    return sum(recalls) / len(recalls)


def selection_score(metrics):
    """Checkpoint choice: mean of accuracy and balanced accuracy."""
    return 0.5 * metrics["ensemble_accuracy"] + 0.5 * balanced_accuracy(metrics)


def describe(metrics):
    """One-line summary of evaluate.summarise() output."""
    rec = " ".join(f"{k[:3]} {v:.2f}" for k, v in metrics["per_class_recall"].items() if v is not None)
    return (f"ensemble {metrics['ensemble_accuracy']:.4f} branch mean {metrics['branch_mean_accuracy']:.4f} "
            f"gain {100 * (metrics['ensemble_accuracy'] - metrics['branch_mean_accuracy']):+.2f} pts "
            f"FER2013-7 {metrics['fer2013_7class_accuracy']:.4f} | recall {rec}")


# face-api's expression classes (neutral happy sad angry fearful disgusted surprised) -> AffectNet index.
FACEAPI_TO_AFFECTNET = [0, 1, 2, 6, 4, 5, 3]


def teacher_distribution(views, temperature=1.0):
    """face-api's 7 probabilities per face (views: N, V, 7, the face and its mirror) as an 8-class AffectNet
    distribution with no Contempt: the views averaged, softened by the temperature (p ** (1/T), renormalised)."""
    p = views.float().mean(1).clamp_min(1e-8) ** (1.0 / temperature)
    p = p / p.sum(-1, keepdim=True)
    out = torch.zeros(p.shape[0], 8)
    out[:, FACEAPI_TO_AFFECTNET] = p
    return out


def mix_teacher(target, teacher, weight):
    """Second-teacher soft target: (1 - weight) * FER+ target + weight * teacher, where the teacher's share is
    spread over the 7 classes it knows and Contempt keeps the FER+ target's mass (face-api has no Contempt)."""
    contempt = target[:, 7:8]
    spread = teacher * (1 - contempt)
    spread[:, 7:8] = contempt
    return (1 - weight) * target + weight * spread

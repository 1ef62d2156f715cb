"""ESR-9 architecture (Siqueira, Magg & Wermter, AAAI 2020), as published.

Parameter names are the contract with the TypeScript port (src/esr9/definition.ts):
  base.conv{1..4}.{weight,bias}, base.bn{1..4}.{weight,bias,running_mean,running_var}
  branches.{0..8}.conv{1..4}.{weight,bias}, branches.{i}.bn{1..4}.{...}
  branches.{i}.fc.{weight,bias}            512 -> 8 emotion logits (AffectNet order)
  branches.{i}.fc_dimensional.{weight,bias}  8 -> 2 (arousal, valence)
Input: N x 3 x 96 x 96, BGR, values in [0, 1].
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

EMOTIONS = ["Neutral", "Happy", "Sad", "Surprise", "Fear", "Disgust", "Anger", "Contempt"]
NUM_BRANCHES = 9


class Base(nn.Module):
    """Shared convolutional base: 96x96x3 -> 20x20x128."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, 5, 1)
        self.conv2 = nn.Conv2d(64, 128, 3, 1)
        self.conv3 = nn.Conv2d(128, 128, 3, 1)
        self.conv4 = nn.Conv2d(128, 128, 3, 1)
        self.bn1 = nn.BatchNorm2d(64)
        self.bn2 = nn.BatchNorm2d(128)
        self.bn3 = nn.BatchNorm2d(128)
        self.bn4 = nn.BatchNorm2d(128)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = F.max_pool2d(F.relu(self.bn2(self.conv2(x))), 2, 2)
        x = F.relu(self.bn3(self.conv3(x)))
        x = F.max_pool2d(F.relu(self.bn4(self.conv4(x))), 2, 2)
        return x


class Branch(nn.Module):
    """One convolutional branch: 20x20x128 -> 8 emotion logits + (arousal, valence)."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(128, 128, 3, 1)
        self.conv2 = nn.Conv2d(128, 256, 3, 1)
        self.conv3 = nn.Conv2d(256, 256, 3, 1, 1)
        self.conv4 = nn.Conv2d(256, 512, 3, 1, 1)
        self.bn1 = nn.BatchNorm2d(128)
        self.bn2 = nn.BatchNorm2d(256)
        self.bn3 = nn.BatchNorm2d(256)
        self.bn4 = nn.BatchNorm2d(512)
        self.fc = nn.Linear(512, 8)
        self.fc_dimensional = nn.Linear(8, 2)

    def features(self, x):
        """Last convolutional feature map (8x8x512), the Grad-CAM layer."""
        x = F.relu(self.bn1(self.conv1(x)))
        x = F.max_pool2d(F.relu(self.bn2(self.conv2(x))), 2, 2)
        x = F.relu(self.bn3(self.conv3(x)))
        return F.relu(self.bn4(self.conv4(x)))

    def forward(self, x):
        x = self.features(x).mean(dim=(2, 3))
        logits = self.fc(x)
        affect = self.fc_dimensional(F.relu(logits))
        return logits, affect


class ESR9(nn.Module):
    """Shared base + nine branches; returns per-branch logits (B,N,8) and affect (B,N,2)."""

    def __init__(self, num_branches=NUM_BRANCHES):
        super().__init__()
        self.base = Base()
        self.branches = nn.ModuleList([Branch() for _ in range(num_branches)])

    def forward(self, x):
        shared = self.base(x)
        outs = [b(shared) for b in self.branches]
        logits = torch.stack([o[0] for o in outs], dim=1)
        affect = torch.stack([o[1] for o in outs], dim=1)
        return logits, affect

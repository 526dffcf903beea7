"""A small convolutional MNIST classifier: the judge of generated digits on later pages.

x (B,1,28,28) in [0,1] -> logits (B,10); trained with cross-entropy on shifted copies of the
4,000 training digits, so it accepts digits that are not perfectly centred.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from core.training import Dropout


@dataclass(frozen=True)
class ClassifierConfig:
    channels: int = 32  # first conv block; the second doubles it
    hidden: int = 128
    dropout: float = 0.3  # 4,000 training digits overfit without it


class Classifier(nn.Module):
    def __init__(self, config: ClassifierConfig | None = None) -> None:
        super().__init__()
        self.config = config = config or ClassifierConfig()
        c1, c2 = config.channels, 2 * config.channels
        self.features = nn.Sequential(
            nn.Conv2d(1, c1, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),  # (c1, 14, 14)
            nn.Conv2d(c1, c2, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),  # (c2, 7, 7)
        )
        self.head = nn.Sequential(
            nn.Flatten(), nn.Linear(c2 * 49, config.hidden), nn.ReLU(), Dropout(config.dropout),
            nn.Linear(config.hidden, 10),
        )

    def forward(self, x: Tensor) -> Tensor:
        """x (B,1,28,28) in [0,1] -> logits (B,10)."""
        return self.head(self.features(x))

    @torch.no_grad()
    def predict(self, x: Tensor) -> tuple[Tensor, Tensor]:
        """x (B,1,28,28) -> (labels (B,), confidence (B,) = the top softmax probability)."""
        probs = F.softmax(self(x), dim=1)
        confidence, labels = probs.max(dim=1)
        return labels, confidence


def classification_loss(model: Classifier, x: Tensor, y: Tensor) -> Tensor:
    return F.cross_entropy(model(x), y)

"""How well conditioning works, measured: the project's classifier judges 100 generated digits of each class.

The confusion matrix (class asked for vs the classifier's label), the accuracy per class next to the
classifier's own on real test digits, and the class histogram of the unconditional DCGAN (trained on the same
digits, without labels) beside the conditional model's. Each model is judged once per process, on first use
(~0.5 s), never at start-up. Framework-free: plotly figures and Markdown out.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import plotly.graph_objects as go
import torch

from core import metrics
from core.cgan import N_CLASSES
from demos import mnist, plots
from demos.cgan import view

PER_CLASS = 100  # samples asked for per class: 1,000 in all, as in the issue
UNCONDITIONAL = "dcgan_mnist"  # the live GAN page's DCGAN
SEED = 0
DIGITS = [str(d) for d in range(N_CLASSES)]
# every class labelled: plotly.js 4 (Streamlit) would read "0".."9" as numbers and label every other one
CLASS_AXIS = dict(plots.AXIS, type="category", fixedrange=True)
CONFUSION_NOTE = r"""Each row: the 100 digits generated when asking for one class; each column: what the
classifier reads in them. A perfect conditional generator puts all 1,000 on the diagonal; a row spread over
several columns is a class the generator does not draw recognisably."""
ACCURACY_NOTE = r"""The diagonal as a share of each row (bars), beside the classifier's own accuracy on the
real test digits of that class (black diamonds): the classifier is not perfect either, so that is the ceiling."""
COMPARE_NOTE = r"""## Supervision with labels vs none
The live GAN page's DCGAN learned from the same digits without their labels. Nothing tells it which digit to
draw: its classes come in whatever proportions its generator happened to learn, and there is no way to ask
for a 4. The conditional model is asked for 100 of each class, so every class is there by construction:
labels are one of the slides' remedies for mode collapse."""


@lru_cache(maxsize=None)
@torch.no_grad()
def judged(name: str) -> dict:
    """PER_CLASS samples of each class from a conditional model, judged: the confusion matrix, accuracy
    (overall and per class) and within-class diversity relative to real digits."""
    requested = torch.arange(N_CLASSES).repeat_interleave(PER_CLASS)
    images = mnist.model(name).sample(len(requested), labels=requested, seed=SEED)
    predicted, _ = mnist.model(view.CLASSIFIER).predict(images)
    accuracy = metrics.conditioning_accuracy(requested.numpy(), predicted.numpy(), N_CLASSES)
    real, real_labels = mnist.digits("test")
    diversity = metrics.diversity_ratio(images.numpy(), requested.numpy(), real.numpy(), real_labels, N_CLASSES)
    return {"confusion": metrics.confusion(requested.numpy(), predicted.numpy(), N_CLASSES),
            "accuracy": accuracy["accuracy"], "per_class": np.asarray(accuracy["per_class"]),
            "diversity": diversity["ratio"], "diversity_min": diversity["min"]}


@lru_cache(maxsize=1)
@torch.no_grad()
def real_accuracy() -> dict:
    """The classifier on the 1,000 real test digits: accuracy overall and per class."""
    images, labels = mnist.digits("test")
    predicted, _ = mnist.model(view.CLASSIFIER).predict(images)
    accuracy = metrics.conditioning_accuracy(labels, predicted.numpy(), N_CLASSES)
    return {"accuracy": accuracy["accuracy"], "per_class": np.asarray(accuracy["per_class"])}


@lru_cache(maxsize=1)
@torch.no_grad()
def unconditional_counts() -> np.ndarray:
    """How many of the DCGAN's PER_CLASS * 10 samples the classifier puts in each class."""
    images = mnist.model(UNCONDITIONAL).sample(PER_CLASS * N_CLASSES, seed=SEED)
    predicted, _ = mnist.model(view.CLASSIFIER).predict(images)
    return np.bincount(predicted.numpy(), minlength=N_CLASSES)


def confusion_figure(name: str | None) -> go.Figure:
    counts = judged(view.model_name(name))["confusion"]
    heat = dict(type="heatmap", z=counts, x=DIGITS, y=DIGITS, zmin=0, zmax=PER_CLASS, colorscale="Blues",
                texttemplate="%{z}", showscale=False, xgap=1, ygap=1,
                hovertemplate="asked for a %{y}, read as a %{x}: %{z}<extra></extra>")
    layout = dict(plots.STYLE, height=380, title=dict(text="class asked for vs classifier's label", font=dict(size=14)),
                  xaxis=dict(CLASS_AXIS, title=dict(text="the classifier reads")),
                  yaxis=dict(CLASS_AXIS, title=dict(text="class asked for"), autorange="reversed"))
    return go.Figure(dict(data=[heat], layout=layout))


def accuracy_figure(name: str | None) -> go.Figure:
    generated, real = judged(view.model_name(name))["per_class"], real_accuracy()["per_class"]
    bars = dict(type="bar", x=DIGITS, y=generated, name="generated", marker=dict(color=plots.DIGIT_COLORS),
                hovertemplate="asked for a %{x}: %{y:.0%} read as one<extra></extra>")
    ceiling = dict(type="scatter", x=DIGITS, y=real, mode="markers", name="real test digits",
                   marker=dict(symbol="diamond", size=10, color="black"),
                   hovertemplate="real %{x}s: %{y:.0%} read right<extra></extra>")
    layout = dict(plots.STYLE, height=380, title=dict(text="read as the class asked for", font=dict(size=14)),
                  legend=dict(orientation="h", y=-0.12), showlegend=True, xaxis=CLASS_AXIS,
                  yaxis=dict(plots.AXIS, range=[0, 1.05], tickformat=".0%", fixedrange=True))
    return go.Figure(dict(data=[bars, ceiling], layout=layout))


def summary(name: str | None) -> str:
    name = view.model_name(name)
    result, real = judged(name), real_accuracy()
    worst = int(np.argmin(result["per_class"]))
    return (f"**{view.model_label(name)}** ({view.trained_for(name)}): the classifier reads the class asked for in "
            f"**{result['accuracy']:.1%}** of {PER_CLASS * N_CLASSES:,} samples (hardest: the {worst}s, "
            f"{result['per_class'][worst]:.0%}); on real test digits it is right {real['accuracy']:.1%} of the time. "
            f"Diversity within a class: {result['diversity']:.2f} of the real digits' (mean pairwise distance; "
            f"1 = as varied as real digits, ~0 = one digit per class; lowest class {result['diversity_min']:.2f}).")


def histogram_figure(name: str | None) -> go.Figure:
    """Classes of 1,000 DCGAN samples beside those of 1,000 conditional samples (100 asked for per class)."""
    name = view.model_name(name)
    conditional = judged(name)["confusion"].sum(axis=0)
    short = view.model_label(name).split(":")[0]
    bars = [dict(type="bar", x=DIGITS, y=unconditional_counts(), name="DCGAN, no labels", marker=dict(color="#9ca3af"),
                 hovertemplate="DCGAN: %{y} read as a %{x}<extra></extra>"),
            dict(type="bar", x=DIGITS, y=conditional, name=f"{short}, 100 asked for per class",
                 marker=dict(color="#4f46e5"), hovertemplate=f"{short}: %{{y}} read as a %{{x}}<extra></extra>")]
    even = dict(type="line", xref="paper", x0=0, x1=1, y0=PER_CLASS, y1=PER_CLASS, line=dict(dash="dash", color="#111"))
    layout = dict(plots.STYLE, height=340, barmode="group", shapes=[even],
                  title=dict(text="classes the classifier reads in 1,000 samples", font=dict(size=14)),
                  legend=dict(orientation="h", y=-0.12), xaxis=CLASS_AXIS,
                  yaxis=dict(plots.AXIS, rangemode="tozero", fixedrange=True))
    return go.Figure(dict(data=bars, layout=layout))


def histogram_caption() -> str:
    counts = unconditional_counts()
    most, least = int(np.argmax(counts)), int(np.argmin(counts))
    return (f"Dashed: 100 per class, an even split. The DCGAN drew {counts[most]} {most}s but only "
            f"{counts[least]} {least}s; to get a {least} from it you can only sample and hope.")


def panels(name: str | None) -> tuple[go.Figure, go.Figure, str, go.Figure, str]:
    """Everything the measurement section shows for one model: (confusion, accuracy, summary, histogram, caption)."""
    return (confusion_figure(name), accuracy_figure(name), summary(name), histogram_figure(name),
            histogram_caption())

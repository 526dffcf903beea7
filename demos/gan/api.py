"""The live GAN page's endpoints for scripts: /gan2d_train and /dcgan_sample (gradio_client, README).

/gan2d_train trains on the live engine, sharing the server with every visitor's run (demos/scripted.py)."""
from __future__ import annotations

from core.trainers import PRESETS, make_gan2d
from demos import mnist, scripted
from demos.api_contract import Seed, checked, one_of, whole
from demos.gan import digits

Preset, Iterations, Images = one_of(*PRESETS), whole(1, 5000), whole(1, 64)


@checked
def api_train(preset: Preset = "gaussians", iterations: Iterations = 1000, seed: Seed = 0) -> dict:
    """Train a core preset from scratch for 1..5,000 iterations -> its history, KL / JS and 200 samples."""
    trainer = make_gan2d(preset=preset, seed=seed)
    error = scripted.train_to(trainer, iterations)
    if error:
        return {"error": error, "iterations": trainer.iterations}
    return {"iterations": trainer.iterations, **trainer.measure(), "samples": trainer.sample(200, seed=0).tolist(),
            "history": {k: v for k, v in trainer.history.items() if k not in ("kl", "js", "measured_at")}}


@checked
def api_sample(n: Images = 16, seed: Seed = 0) -> dict:
    """n digits (1..64) from the pretrained DCGAN -> 28x28 grey levels in [0, 1], and what the classifier reads."""
    gan = mnist.model(digits.CHECKPOINT)
    images = gan.sample(n, seed=seed)
    labels, confidence = mnist.model("classifier_mnist").predict(images)
    return {"images": images[:, 0].numpy().round(4).tolist(), "labels": labels.tolist(),
            "confidence": confidence.numpy().round(4).tolist()}

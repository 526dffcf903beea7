"""The one Trainer contract (core.trainers.Trainer), checked on every name in core.trainers.NAMES; the
trainers' own randomness (threads, seeds, initial weights as global seeding made them); the bounded history."""
import ast
import math
import threading
from pathlib import Path

import numpy as np
import pytest
import torch
from torch import nn

from core import trainers
from core.ae import AEConfig, Autoencoder
from core.cgan import CGAN, CGANConfig, ConditionalDiscriminator, ConditionalGenerator
from core.classifier import Classifier, ClassifierConfig
from core.cyclegan2d import CycleGAN2DConfig
from core.cyclegan_digits import CycleGAN, CycleGANConfig, patch_discriminator
from core.cyclegan_official import ResnetGenerator
from core.dcgan import DCGAN, DCGANConfig, Discriminator, Generator
from core.mode_collapse import ModeCollapseConfig
from core.trainers import NAMES, Trainer, TrainingDiverged, make
from core.training import Dropout, History, seeded
from core.vae import VAE, VAEConfig

DIGITS = dict(latent_dim=8, channels=4, batch_size=8)
# name -> (small config, sample(5)'s shape, per-iteration series, measured series)
CASES = {
    "gan2d": (dict(preset="gaussians"), (5, 2), {"d_loss", "g_loss", "d_real", "d_fake"}, {"kl", "js"}),
    "dcgan_mnist": (DIGITS, (5, 1, 28, 28), {"d_loss", "g_loss", "d_real", "d_fake"}, set()),
    "cgan_mnist": (DIGITS, (5, 1, 28, 28), {"d_loss", "g_loss", "d_real", "d_fake", "class_loss"}, set()),
    "acgan_mnist": (DIGITS, (5, 1, 28, 28), {"d_loss", "g_loss", "d_real", "d_fake", "class_loss"}, set()),
    "mode_collapse": (dict(width=16, depth=2, batch_size=32), (5, 2), {"d_loss", "g_loss"},
                      {"modes", "hq", "reverse_kl"}),
    "cyclegan2d": (dict(width=16, depth=2, batch_size=32), (5, 2), {"g_loss", "d_loss", "cycle", "identity"}, set()),
    "cyclegan_digits": (dict(model=CycleGANConfig(ngf=4, n_blocks=1, ndf=4), batch_size=2), (5, 3, 28, 28),
                        {"g_loss", "d_loss", "cycle", "identity"}, set()),
}


def same(a, b) -> bool:
    """Equal state dicts: tensors bit for bit, everything else by ==."""
    if isinstance(a, torch.Tensor):
        return isinstance(b, torch.Tensor) and a.shape == b.shape and torch.equal(a, b)
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def copied(history: dict) -> dict:
    return {k: list(v) for k, v in history.items()}


def test_every_live_model_has_a_name():
    assert set(NAMES) == set(CASES)


@pytest.mark.parametrize("name", CASES)
def test_every_trainer_keeps_the_contract(name):
    config, shape, series, measured = CASES[name]
    t = make(name, **config)
    assert isinstance(t, Trainer) and t.iterations == 0
    metrics = t.step(2)
    assert t.iterations == 2 and metrics["iteration"] == 2
    assert set(metrics) >= series and all(isinstance(v, (int, float)) and math.isfinite(v) for v in metrics.values())
    assert set(t.history) == {"iteration", *series, *({"measured_at", *measured} if measured else ())}
    assert t.history["iteration"] == [1, 2] and all(len(t.history[k]) == 2 for k in series)
    assert all(isinstance(v, float) for k in series for v in t.history[k])
    if measured:
        t.measure()
        assert t.history["measured_at"] == [2] and all(len(t.history[k]) == 1 for k in measured)
    samples = t.sample(5)
    assert isinstance(samples, np.ndarray) and samples.dtype == np.float32 and samples.shape == shape
    if len(shape) == 4:
        assert 0 <= samples.min() and samples.max() <= 1
    assert_state_round_trips(name, config, t)
    assert_divergence_restores(name, config, t)


def assert_state_round_trips(name, config, t):
    """A load, in this trainer or a fresh one, resumes exactly: the same steps, history and state follow."""
    state, history = t.state_dict(), copied(t.history)
    t.step(2)
    after, history_after = t.state_dict(), copied(t.history)
    assert not same(after, state)
    t.load_state_dict(state)
    assert t.iterations == 2 and t.history == history and same(t.state_dict(), state)
    t.step(2)
    assert t.history == history_after and same(t.state_dict(), after)
    twin = make(name, **config)
    twin.load_state_dict(state)
    twin.step(2)
    assert same(twin.state_dict(), after) and twin.history["iteration"] == [3, 4]
    assert all(twin.history[k] == history_after[k][2:] for k in twin.history if k != "measured_at")
    assert np.array_equal(twin.sample(3), t.sample(3))


def assert_divergence_restores(name, config, t):
    """A loss that turns NaN in the middle of a chunk: TrainingDiverged, and the whole chunk undone (checked
    once, at the chunk's end, so the chunk runs to it)."""
    state, history, calls = t.state_dict(), copied(t.history), []
    real_step = t._one_step

    def blows_up_on_the_second_call():
        calls.append(1)
        values = real_step()  # a real update first, so there is something to undo
        return values * math.nan if len(calls) == 2 else values

    t._one_step = blows_up_on_the_second_call
    with pytest.raises(TrainingDiverged, match="diverged"):
        t.step(3)
    assert len(calls) == 3 and t.iterations == state["iterations"] and t.history == history
    assert same(t.state_dict(), state)
    del t._one_step
    twin = make(name, **config)
    twin.load_state_dict(state)
    t.step(1), twin.step(1)
    assert same(t.state_dict(), twin.state_dict())


# ---------------------------------------------------------------------------- threads and seeds

THREADED = ["gan2d", "dcgan_mnist", "mode_collapse", "cyclegan2d"]


def run_at_once(build, steps: int = 4) -> list:
    """Two trainers built and stepped on two threads at the same moment -> [(history, state)] of each."""
    barrier, results, errors = threading.Barrier(2), [None, None], []

    def work(i):
        try:
            barrier.wait()
            trainer = build()
            for _ in range(steps):
                barrier.wait()
                trainer.step(1)
            results[i] = (copied(trainer.history), trainer.state_dict())
        except Exception as error:  # noqa: BLE001 (reported below, in the test's thread)
            errors.append(error)
            barrier.abort()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return results


@pytest.mark.parametrize("name", THREADED)
def test_two_trainers_with_one_seed_on_two_threads_at_once_train_alike(name):
    """Each trainer draws from its own generators, so two sessions with one seed agree however their threads
    interleave. (Before, construction called torch.manual_seed: see the control below for what that did.)"""
    (history_a, state_a), (history_b, state_b) = run_at_once(lambda: make(name, **CASES[name][0], seed=3))
    assert history_a == history_b and same(state_a, state_b)


def test_control_global_seeding_breaks_when_two_sessions_interleave():
    """The old pattern, `torch.manual_seed(seed)` then build: session B seeds, then session A builds, then B
    builds, and B gets other weights than A from the same seed. Ordered by barriers, so it fails every time."""
    barrier, built = threading.Barrier(2), {}

    def session(name, first):
        torch.manual_seed(3)
        barrier.wait()  # both have seeded
        if not first:
            barrier.wait()  # A has built
        built[name] = Generator(DCGANConfig(latent_dim=8, channels=4)).state_dict()
        if first:
            barrier.wait()

    with torch.random.fork_rng():
        threads = [threading.Thread(target=session, args=(n, n == "A")) for n in "AB"]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert not same(built["A"], built["B"])
    ours = [DCGAN(DCGANConfig(latent_dim=8, channels=4), generator=torch.Generator().manual_seed(3)) for _ in "AB"]
    assert same(ours[0].state_dict(), ours[1].state_dict())


# ---------------------------------------------------------------------------- weights as global seeding made them


def old_way(seed: int, build):
    """What the modules were: built right after torch.manual_seed(seed) (in this test only, the global state
    restored afterwards)."""
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        return build()


def dcgan_init(*modules):  # the old DCGAN initialisation, from the global generator
    for module in (m for net in modules for m in net.modules()):
        if isinstance(module, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear)):
            nn.init.normal_(module.weight, 0.0, 0.02)
        elif isinstance(module, (nn.BatchNorm1d, nn.BatchNorm2d)):
            nn.init.normal_(module.weight, 1.0, 0.02)
            nn.init.zeros_(module.bias)
    return modules


def old_mlp(inputs, width, depth, outputs, act):
    layers, size = [], inputs
    for _ in range(depth):
        layers += [nn.Linear(size, width), act()]
        size = width
    return nn.Sequential(*layers, *([nn.Linear(size, outputs)] if outputs else []))


def old_cyclegan2d(c):
    G, F = (old_mlp(2, c.width, c.depth, 2, lambda: nn.LeakyReLU(0.2)) for _ in range(2))
    D_X, D_Y = (nn.Sequential(*list(old_mlp(2, c.width, c.depth, 2, lambda: nn.LeakyReLU(0.2)))[:-1],
                              nn.Linear(c.width, 1)) for _ in range(2))
    return {"G": G, "F": F, "D_X": D_X, "D_Y": D_Y}


def old_mode_collapse(c: ModeCollapseConfig, modes: int):
    labelled = c.method == "labels"
    G = nn.Sequential(old_mlp(c.noise_dim + modes * labelled, c.width, c.depth, None, nn.ReLU), nn.Linear(c.width, 2))
    body = old_mlp(2 * c.pack if c.method == "pacgan" else 2 + modes * labelled, c.width, c.depth, None,
                   lambda: nn.LeakyReLU(0.2))
    T = 0.1 * torch.randn(c.width, c.kernels * c.kernel_dim) if c.method == "minibatch_discrimination" else None
    extra = {"minibatch_discrimination": c.kernels, "minibatch_stddev": 1}.get(c.method, 0)
    head = nn.Linear(c.width + extra, 1)
    D = {"body." + k: v for k, v in body.state_dict().items()} | {"head." + k: v for k, v in head.state_dict().items()}
    return G.state_dict(), D | ({"T": T} if T is not None else {})


def states(**modules) -> dict:
    return {name: module.state_dict() for name, module in modules.items()}


@pytest.mark.parametrize("seed", [0, 5])
def test_the_digit_models_start_from_the_weights_global_seeding_gave(seed):
    small = DCGANConfig(latent_dim=8, channels=4)
    G, D = old_way(seed, lambda: dcgan_init(Generator(small), Discriminator(small)))
    new = make("dcgan_mnist", latent_dim=8, channels=4, seed=seed).gan
    assert same(states(G=new.G, D=new.D, G_ema=new.G_ema), states(G=G, D=D, G_ema=G))
    for auxiliary in (False, True):
        c = CGANConfig(latent_dim=8, channels=4, auxiliary=auxiliary)
        G, D = old_way(seed, lambda: dcgan_init(ConditionalGenerator(c), ConditionalDiscriminator(c)))
        new = CGAN(c, generator=torch.Generator().manual_seed(seed))
        assert same(states(G=new.G, D=new.D), states(G=G, D=D))
    c = CycleGANConfig(ngf=4, n_blocks=2, ndf=4)

    def old_cyclegan():
        nets = [ResnetGenerator(3, 3, c.ngf, c.n_blocks) for _ in "GF"] + [patch_discriminator(3, c.ndf) for _ in "YX"]
        for module in (m for net in nets for m in net.modules() if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d))):
            nn.init.normal_(module.weight, 0.0, 0.02)
            if module.bias is not None:
                nn.init.zeros_(module.bias)
        return dict(zip(("G", "F", "D_Y", "D_X"), nets))

    new = make("cyclegan_digits", model=c, seed=seed).model
    assert same(states(G=new.G, F=new.F, D_Y=new.D_Y, D_X=new.D_X), states(**old_way(seed, old_cyclegan)))


@pytest.mark.parametrize("method", ["nonsaturating", "minibatch_discrimination", "labels", "pacgan"])
def test_the_2d_models_start_from_the_weights_global_seeding_gave(method):
    c = ModeCollapseConfig(method=method, width=16, depth=2, seed=4)
    new = make("mode_collapse", method=method, width=16, depth=2, seed=4)
    G, D = old_way(4, lambda: old_mode_collapse(c, new.modes))
    assert same(new.G.state_dict(), G) and same(new.D.state_dict(), D)
    c2 = CycleGAN2DConfig(width=16, depth=2, seed=4)
    new2 = make("cyclegan2d", width=16, depth=2, seed=4)
    old = old_way(4, lambda: old_cyclegan2d(c2))
    assert same(states(G=new2.G, F=new2.F, D_X=new2.D_X, D_Y=new2.D_Y), states(**old))


@pytest.mark.parametrize("build", [lambda: Autoencoder(AEConfig(arch="mlp", latent_dim=2)),
                                   lambda: Autoencoder(AEConfig(arch="conv", latent_dim=8, channels=4)),
                                   lambda: VAE(VAEConfig(arch="mlp", latent_dim=2, hidden=64)),
                                   lambda: VAE(VAEConfig(arch="conv", latent_dim=2, channels=4)),
                                   lambda: Classifier(ClassifierConfig(channels=4, hidden=16))])
def test_the_recipes_models_start_from_the_weights_global_seeding_gave(build):
    """core.train builds each recipe's model with seeded(); the classifier's dropout masks follow the weights
    from the same generator, as nn.Dropout's followed them from the global one."""
    old = old_way(7, build)
    weights = torch.Generator().manual_seed(7)
    new = seeded(build, weights)
    assert same(new.state_dict(), old.state_dict())
    if isinstance(new, Classifier):
        x = torch.rand(6, 1, 28, 28)
        new.head[3].generator = weights
        with torch.random.fork_rng():
            torch.manual_seed(7)
            old = build()  # the same weights again, and the global generator where the dropout draws start
            old_out = old.train()(x)
        assert isinstance(new.head[3], Dropout) and torch.equal(new.train()(x), old_out)


# ---------------------------------------------------------------------------- no global seeding in core

CORE = Path(__file__).resolve().parents[2] / "core"


def global_seeding(source: str) -> list[str]:
    """Calls that seed a global generator: torch.manual_seed (torch.random., torch.cuda.), torch.seed,
    numpy.random.seed, under any alias. Seeding a torch.Generator object is fine."""
    tree, modules, found = ast.parse(source), {}, []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules |= {alias.asname or alias.name: alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in ("torch", "numpy"):
            found += [f"from {node.module} import {a.name}" for a in node.names if "seed" in a.name]
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            chain, value = [node.func.attr], node.func.value
            while isinstance(value, ast.Attribute):
                chain, value = [value.attr, *chain], value.value
            if isinstance(value, ast.Name) and value.id in modules:
                path = ".".join([modules[value.id], *chain])
                if path.startswith("torch") and chain[-1] in ("manual_seed", "manual_seed_all", "seed") or \
                        path == "numpy.random.seed":
                    found.append(f"line {node.lineno}: {path}")
    return found


def test_the_guard_catches_global_seeding_and_lets_generators_be_seeded():
    assert global_seeding("import torch\ntorch.manual_seed(0)")
    assert global_seeding("import torch as t\nt.random.manual_seed(0)")
    assert global_seeding("import torch\ntorch.cuda.manual_seed_all(1)")
    assert global_seeding("from torch import manual_seed\nmanual_seed(0)")
    assert global_seeding("import numpy as np\nnp.random.seed(0)")
    assert not global_seeding("import torch\ng = torch.Generator().manual_seed(0)\ng.manual_seed(1)")
    assert not global_seeding("import numpy as np\nrng = np.random.default_rng(0)")


@pytest.mark.parametrize("path", sorted(CORE.glob("*.py")), ids=lambda p: p.name)
def test_nothing_in_core_seeds_a_global_generator(path):
    assert not global_seeding(path.read_text()), path.name


# ---------------------------------------------------------------------------- the bounded history


def test_the_history_stays_bounded_and_evenly_spaced_however_long_the_run():
    history = History(("loss",), ("kl",), cap=100)
    done = 0
    for chunk in [1, 7, 50, 333] * 30:  # 11,730 iterations in uneven chunks
        history.record(done + 1, [[float(done + i + 1) for i in range(chunk)]])
        done += chunk
        history.log(done, {"kl": float(done)})
    at = history["iteration"]
    assert 50 <= len(at) <= 100 and history["loss"] == [float(i) for i in at]  # aligned: loss i was logged at i
    assert len(set(np.diff(at))) == 1 and at[0] == history.stride and done - at[-1] < history.stride
    assert len(history["measured_at"]) <= 100 and history["measured_at"][-1] == done
    assert history["kl"] == [float(i) for i in history["measured_at"]]
    history.forget_after(5000)
    assert at[-1] <= 5000 and history["measured_at"][-1] <= 5000 and len(history["kl"]) == len(history["measured_at"])


def test_a_long_run_keeps_its_history_small_and_a_rollback_still_forgets():
    t = make("gan2d", preset="gaussians")
    t.history.cap = 64
    t.step(300)
    state = t.state_dict()
    t.step(300)
    assert len(t.history["iteration"]) <= 64 and t.history["iteration"][-1] > 500
    assert all(len(t.history[k]) == len(t.history["iteration"]) for k in ("d_loss", "g_loss", "d_real", "d_fake"))
    t.load_state_dict(state)
    assert t.history["iteration"][-1] <= 300 and len(t.history["d_loss"]) == len(t.history["iteration"])

"""What every live trainer shares, kept once: the checked step, the bounded history, and seeded networks.

`core.trainers.Trainer` states the contract; `LiveTrainer` keeps it, so that a model's file holds only
its networks and its `_one_step()` (Algorithm 1 of its paper). Randomness: a trainer owns its
`torch.Generator`s and draws nothing from torch's global one, initial weights included. `seeded()`
builds a network on the meta device (no draws, no memory) and gives each layer torch's own default
initialisation from a generator, in construction order: a generator seeded with s gives the same
weights as building the network after seeding torch's global generator with s, without touching global state.
"""
from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import asdict

import torch
from torch import Tensor, nn

from core.threads import one_thread

CAP = 4_000  # entries per history series; past it, every other one is dropped, so memory stays O(CAP)


class TrainingDiverged(RuntimeError):
    """A loss (or a weight) became NaN or infinite; the trainer is back at the state before the chunk."""


class History(dict):
    """dict[str, list[float]], bounded at `cap` entries per series.

    Per-iteration series (`series`) line up with `history["iteration"]`, the iteration each entry is
    from. Past `cap` entries the stride doubles: only iterations that are multiples of it stay, now and
    later, so the kept points stay evenly spaced. Measured series (`measured`, logged by `measure()`)
    line up with `history["measured_at"]`; past `cap` every other entry is dropped, the newest kept.
    """

    def __init__(self, series: tuple[str, ...], measured: tuple[str, ...] = (), cap: int = CAP):
        super().__init__({key: [] for key in ("iteration", *series)})
        self.update({key: [] for key in (*measured, "measured_at")} if measured else {})
        self.series, self.measured, self.cap, self.stride = series, measured, cap, 1

    def record(self, first: int, columns: list[list[float]]) -> None:
        """columns[k][i]: series k at iteration first + i."""
        count = len(columns[0]) if columns else 0
        offset = -first % self.stride  # the first multiple of the stride at or after `first`
        self["iteration"].extend(range(first + offset, first + count, self.stride))
        for key, column in zip(self.series, columns):
            self[key].extend(column[offset::self.stride])
        while len(self["iteration"]) > self.cap:
            self.stride *= 2
            keep = [i for i, at in enumerate(self["iteration"]) if at % self.stride == 0]
            for key in ("iteration", *self.series):
                self[key][:] = [self[key][i] for i in keep]

    def log(self, iteration: int, values: dict[str, float]) -> None:
        """One measurement of every measured series, at `iteration`."""
        for key in self.measured:
            self[key].append(values[key])
        self["measured_at"].append(iteration)
        if len(self["measured_at"]) > self.cap:
            newest = len(self["measured_at"]) - 1
            for key in (*self.measured, "measured_at"):
                self[key][:] = self[key][newest % 2::2]

    def forget_after(self, iteration: int) -> None:
        """Drop every entry from after `iteration` (a rollback)."""
        for at, keys in (("iteration", self.series), ("measured_at", self.measured)):
            if at in self:
                kept = bisect_right(self[at], iteration)
                for key in (at, *keys):
                    del self[key][kept:]


def clone(state):
    """A copy of a state dict that shares no tensor with it (optimizers keep loaded tensors as they are)."""
    if isinstance(state, Tensor):
        return state.clone()
    if isinstance(state, dict):
        return {k: clone(v) for k, v in state.items()}
    if isinstance(state, (list, tuple)):
        return type(state)(clone(v) for v in state)
    return state


class LiveTrainer:
    """The Trainer contract, kept once. A subclass sets SERIES (the numbers `_one_step()` returns, in order)
    and MEASURED (what `measure()` logs), calls `_start(seed)`, and names what its state is in `_parts()`."""

    SERIES: tuple[str, ...] = ()
    MEASURED: tuple[str, ...] = ()
    ONE_THREAD = False  # the 2-D trainers: torch's second thread costs them more than it gives (core/threads.py)
    config: object

    def _start(self, seed: int) -> None:
        self._rng = torch.Generator().manual_seed(seed)  # training: batches, noise
        self._sampling = torch.Generator().manual_seed(seed + 1)  # sample(n): never disturbs training
        self.iterations = 0
        self.history = History(self.SERIES, self.MEASURED)
        self.latest: dict[str, float] = {}

    def _one_step(self) -> Tensor:
        """One iteration; -> one number per SERIES key."""
        raise NotImplementedError

    def _parts(self) -> dict[str, nn.Module | torch.optim.Optimizer]:
        """Everything with a state_dict() that training changes: networks, optimizers, pools."""
        raise NotImplementedError

    def step(self, n: int = 1) -> dict[str, float]:
        """n iterations -> the latest metrics. Raises TrainingDiverged, with the trainer restored to where it
        was, if a loss or a weight becomes NaN or inf; any other error restores it too."""
        with one_thread() if self.ONE_THREAD else nullcontext():
            before = self.state_dict()
            try:
                rows = [self._one_step() for _ in range(n)]
                values = torch.stack(rows) if rows else torch.empty(0, len(self.SERIES))
                if not (self._finite(values) and self._finite_weights()):
                    raise TrainingDiverged(f"training diverged within iterations {self.iterations + 1}–"
                                           f"{self.iterations + n}: a loss became NaN or infinite. The model "
                                           "is back where it was; lower a learning rate or reset.")
            except BaseException:
                self.load_state_dict(before)
                raise
        self.history.record(self.iterations + 1, values.T.tolist())
        self.iterations += n
        if n > 0:
            self.latest = dict(zip(self.SERIES, values[-1].tolist()))
        return self.metrics()

    def _finite(self, values: Tensor) -> bool:
        return bool(torch.isfinite(values).all())

    def _finite_weights(self) -> bool:
        nets = [part for part in self._parts().values() if isinstance(part, nn.Module)]
        return all(bool(torch.isfinite(p).all()) for net in nets for p in net.parameters())

    def metrics(self) -> dict[str, float]:
        """The iteration count, the latest value of each series, and the latest measurement."""
        measured = {key: self.history[key][-1] for key in self.MEASURED if self.history[key]}
        return {"iteration": self.iterations, **self.latest, **measured}

    def state_dict(self) -> dict:
        """Everything training changes, copied: load_state_dict(it) later resumes exactly from here."""
        parts = {name: clone(part.state_dict()) for name, part in self._parts().items()}
        return {"config": asdict(self.config), "iterations": self.iterations, "latest": dict(self.latest),
                "rng": self._rng.get_state(), "sampling": self._sampling.get_state(), "parts": parts}

    def load_state_dict(self, state: dict) -> None:
        """Back to `state`; the history forgets what came after it."""
        for name, part in self._parts().items():
            part.load_state_dict(clone(state["parts"][name]))
        self._rng.set_state(state["rng"])
        self._sampling.set_state(state["sampling"])
        self.iterations, self.latest = state["iterations"], dict(state["latest"])
        self.history.forget_after(self.iterations)


def anneal(optimizers: list[tuple[torch.optim.Optimizer, float]], done: int, steps: int, final: float) -> None:
    """Each (optimizer, base lr): its learning rate falls linearly from the base to `final` of it over the first
    `steps` updates (`done` so far), then stays there; final = 1 keeps it constant."""
    scale = 1 - (1 - final) * min(1.0, done / steps)
    for optimizer, lr in optimizers:
        for group in optimizer.param_groups:
            group["lr"] = lr * scale


@torch.no_grad()
def update_average(average: nn.Module, net: nn.Module, decay: float) -> None:
    """average <- decay * average + (1 - decay) * net, parameter by parameter (an EMA of a generator's weights);
    buffers (batch-norm statistics) are copied."""
    torch._foreach_lerp_(list(average.parameters()), list(net.parameters()), 1 - decay)
    for average_buffer, buffer in zip(average.buffers(), net.buffers()):
        average_buffer.copy_(buffer)


# ---------------------------------------------------------------------------- seeded networks


def init_like_torch(module: nn.Module, generator: torch.Generator) -> nn.Module:
    """Each layer's own default initialisation (its reset_parameters), in registration order, from `generator`."""
    for layer in module.modules():
        if isinstance(layer, (nn.Linear, nn.modules.conv._ConvNd)):
            nn.init.kaiming_uniform_(layer.weight, a=math.sqrt(5), generator=generator)
            if layer.bias is not None:
                fan_in, _ = nn.init._calculate_fan_in_and_fan_out(layer.weight)
                bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
                nn.init.uniform_(layer.bias, -bound, bound, generator=generator)
        elif isinstance(layer, nn.Embedding) and layer.padding_idx is None:
            nn.init.normal_(layer.weight, generator=generator)
        elif isinstance(layer, nn.modules.batchnorm._NormBase):  # batch and instance norm: no randomness
            layer.reset_parameters()
        elif any(True for _ in layer.parameters(recurse=False)) or any(True for _ in layer.buffers(recurse=False)):
            raise TypeError(f"init_like_torch does not know how torch initialises {type(layer).__name__}")
    return module


def seeded(build: Callable[[], nn.Module | tuple[nn.Module, ...]], generator: torch.Generator):
    """build() on the meta device, then each module it returns (one, or a tuple, in order) made real on the
    CPU and initialised as torch would have, drawing from `generator` alone."""
    with torch.device("meta"):
        built = build()
    for module in built if isinstance(built, tuple) else (built,):
        init_like_torch(module.to_empty(device="cpu"), generator)
    return built


def mlp(inputs: int, width: int, layers: int, outputs: int | None, generator: torch.Generator,
        activation: Callable[[], nn.Module] = nn.ReLU, init: str = "torch") -> nn.Sequential:
    """inputs -> [Linear(width), activation()] x layers -> Linear(outputs) (left off when outputs is None).

    init "torch": torch's defaults; "normal": weights N(0, 1/fan_in) and zero biases, as in GAN Lab.
    """
    sizes = [inputs] + [width] * layers

    def build() -> nn.Sequential:
        hidden = [module for a, b in zip(sizes[:-1], sizes[1:]) for module in (nn.Linear(a, b), activation())]
        return nn.Sequential(*hidden, *([nn.Linear(sizes[-1], outputs)] if outputs is not None else []))

    if init == "torch":
        return seeded(build, generator)
    if init != "normal":
        raise ValueError(f"init must be 'torch' or 'normal', not {init!r}")
    with torch.device("meta"):
        net = build()
    net.to_empty(device="cpu")
    with torch.no_grad():
        for linear in (m for m in net if isinstance(m, nn.Linear)):
            linear.weight.normal_(0.0, 1.0 / math.sqrt(linear.in_features), generator=generator)
            linear.bias.zero_()
    return net


class Dropout(nn.Dropout):
    """nn.Dropout whose masks come from `generator` when one is set (torch's own CPU formula, so the same
    masks as nn.Dropout drawing from a global generator seeded the same); nn.Dropout itself otherwise."""

    generator: torch.Generator | None = None

    def forward(self, x: Tensor) -> Tensor:
        if not self.training or self.p == 0 or self.generator is None:
            return super().forward(x)
        keep = torch.empty_like(x).bernoulli_(1 - self.p, generator=self.generator)
        return x * keep.div_(1 - self.p)

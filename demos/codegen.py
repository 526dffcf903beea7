"""Get the code (issue 18 §3): a page's current run as one standalone PyTorch script, made from a template.

A template is a real, runnable .py file in its page's folder (demos/<page>/code_*.py) that needs only torch,
numpy and matplotlib. Two kinds of lines are special:
- its settings, `NAME = value  # comment` lines between `# --- settings` and `# --- end of settings`:
  `render` writes the page's values there (repr, so floats survive exactly) and keeps the comments;
- optional parts, between a `# >>> tag1 tag2` line and a `# <<<` line: kept when one of their tags is
  chosen (the marker lines are dropped), left out otherwise. They do not nest.
Each page's code.py says which values and tags its setup means: `script(...) -> str`.
"""
from __future__ import annotations

import re
from pathlib import Path

SETTING = re.compile(r"^([A-Z][A-Z0-9_]*) = (.+?)(\s+#.*)?$")
START, END = "# --- settings", "# --- end of settings"


def _choose(lines: list[str], tags: set[str]) -> list[str]:
    """The lines outside every optional part, and those inside the parts whose tags meet `tags`."""
    kept, keeping, inside = [], True, False
    for line in lines:
        text = line.strip()
        if text.startswith("# >>> "):
            if inside:
                raise ValueError(f"optional parts do not nest: {text!r}")
            inside, keeping = True, bool(set(text[6:].split()) & tags)
        elif text == "# <<<":
            if not inside:
                raise ValueError("a '# <<<' line without its '# >>> tag' line")
            inside, keeping = False, True
        elif keeping:
            kept.append(line)
    if inside:
        raise ValueError("an optional part is not closed with '# <<<'")
    return kept


def _settle(lines: list[str], values: dict) -> list[str]:
    """The settings block with `values` written in; every value must have its line there."""
    start, end = lines.index(START), lines.index(END)
    left = dict(values)
    for i in range(start + 1, end):
        found = SETTING.match(lines[i])
        if found and found.group(1) in left:
            lines[i] = f"{found.group(1)} = {left.pop(found.group(1))!r}{found.group(3) or ''}"
    if left:
        raise KeyError(f"the template has no setting {', '.join(sorted(left))}")
    return lines


def render(template: Path, values: dict, tags: set[str] = frozenset()) -> str:
    """The template's text with the chosen optional parts and the page's settings written in."""
    lines = _settle(_choose(template.read_text().splitlines(), set(tags)), values)
    return "\n".join(lines) + "\n"


def filename(stem: str, seed: int) -> str:
    """What the downloaded script is called: genlab_<stem>_seed<seed>.py."""
    return f"genlab_{stem}_seed{seed}.py"


def dcgan_script(kind: str, config) -> str:
    """The digit GANs' script (code_dcgan.py), shared by the live GAN page ("dcgan") and the conditional GAN page
    ("cgan", "acgan"). config: a core.dcgan.DCGANTrainerConfig or a core.cgan.CGANTrainerConfig."""
    model = config.model
    values = dict(KIND=kind, LATENT_DIM=model.latent_dim, CHANNELS=model.channels,
                  EMBED_DIM=getattr(model, "embed_dim", 16), BATCH_SIZE=config.batch_size, LR=float(config.lr),
                  BETA1=float(config.beta1), EMA=float(config.ema), SEED=config.seed)
    return render(Path(__file__).parent / "code_dcgan.py", values)

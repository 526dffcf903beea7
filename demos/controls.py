"""A page's controls, declared once and framework-free: name, label, one-line hint, kind, range or choices, default.

Both front ends render their widgets from these declarations (demos/gradio_ui.control, demos/streamlit_ui.control),
the URL's query string sets them by name (from_query), and the README's scene table is generated from them
(markdown_table). A value from anywhere -- a typed box, a script, a link -- passes through Control.take, which
keeps it when it is allowed and otherwise says, in one line, what it became and why: nothing is changed silently.
"""
from __future__ import annotations

import html
import math
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode


@dataclass(frozen=True)
class Control:
    """One setting. A number has low..high (step); a choice has `choices`, label -> value (value is what is set);
    a multi-choice (multiple=True) takes several of them, a tuple, written in a link as a comma-separated list."""
    name: str  # the handler's argument and the URL parameter, the same in both UIs
    label: str
    default: Any
    hint: str = ""
    low: float | None = None
    high: float | None = None
    step: float | None = None  # a whole-number step makes an int control
    choices: dict[str, Any] = field(default_factory=dict)
    multiple: bool = False  # several of the choices at once (a checkbox group, a multiselect)

    def __post_init__(self):
        if self.multiple and not (self.default and set(self.default) <= set(self.choices.values())):
            raise ValueError(f"{self.name}: default {self.default!r} is not some of its choices")
        if self.choices and not self.multiple and self.default not in self.choices.values():
            raise ValueError(f"{self.name}: default {self.default!r} is not one of its choices")
        if not self.choices and not (self.low <= self.default <= self.high):
            raise ValueError(f"{self.name}: default {self.default!r} is outside {self.low}..{self.high}")

    @property
    def is_int(self) -> bool:
        return not self.choices and float(self.step or 1).is_integer() and float(self.low).is_integer()

    @property
    def is_box(self) -> bool:
        """Shown as a number box, not a slider: a number with no step, or a whole one with over 5,000 values."""
        return not self.choices and (self.step is None or (self.is_int and (self.high - self.low) / self.step > 5000))

    @property
    def allowed(self) -> str:
        """What may be set, in words: '0..10,000', or the choices' values."""
        if self.choices:
            return ("one or more of " if self.multiple else "") + ", ".join(str(v) for v in self.choices.values())
        return f"{_number(self.low)}..{_number(self.high)}"

    def take(self, raw: Any, fallback: str = "clip") -> tuple[Any, str | None]:
        """(the value to use, a one-line note when it is not `raw`).

        A number outside its range is clipped to it (fallback="clip", as for a typed box) or replaced by the
        default (fallback="default", as for a link); an unreadable value or an unknown choice takes the default.
        """
        if self.multiple:
            return self._take_some(raw, fallback)
        if self.choices:
            if raw in self.choices.values():
                return raw, None
            by_text = {str(v): v for v in self.choices.values()} | dict(self.choices)
            if isinstance(raw, str) and raw in by_text:
                return by_text[raw], None
            return self.default, f"{self.label}: {_shown(raw)} is not one of {self.allowed}; using {self.default}"
        try:
            number = float(raw)
        except (TypeError, ValueError, OverflowError):
            return self.default, f"{self.label}: {_shown(raw)} is not a number; using {_number(self.default)}"
        if math.isnan(number):
            return self.default, f"{self.label}: not a number; using {_number(self.default)}"
        if self.low <= number <= self.high:
            if not self.is_int:
                return number, None
            if number.is_integer():
                return int(number), None
            return int(round(number)), f"{self.label}: {_shown(raw)} became {int(round(number))} (whole numbers only)"
        if fallback == "default":
            return self.default, (f"{self.label}: {_shown(raw)} is outside {self.allowed}; "
                                   f"using the default {_number(self.default)}")
        value = min(max(number, self.low), self.high)
        value = int(value) if self.is_int else value
        return value, f"{self.label}: {_shown(raw)} became {_number(value)} (allowed {self.allowed})"

    def _take_some(self, raw: Any, fallback: str) -> tuple[list, str | None]:
        """A multi-choice: a list, or a link's comma-separated text -> the known ones, in the choices' order.
        A widget emptied on the way to another choice stays empty (the page says what it needs); a link's
        empty or unknown list takes the default."""
        items = raw.split(",") if isinstance(raw, str) else list(raw) if isinstance(raw, (list, tuple)) else [raw]
        if not items and fallback == "clip":
            return [], None
        by_text = {str(v): v for v in self.choices.values()} | dict(self.choices)
        known = [by_text.get(item, item) if isinstance(item, str) else item for item in items]
        kept = [v for v in self.choices.values() if v in known]
        unknown = [item for item, v in zip(items, known) if v not in self.choices.values()]
        names = ", ".join(str(v) for v in self.choices.values())
        if not kept:
            return list(self.default), f"{self.label}: {_shown(raw)} names none of {names}; using the default"
        if unknown:
            return kept, f"{self.label}: {', '.join(_shown(u) for u in unknown)} is not one of {names}; left out"
        return kept, None

    def differs(self, value: Any) -> bool:
        """Whether `value` is off the default (a multi-choice's order does not count)."""
        return set(value) != set(self.default) if self.multiple else value != self.default


def take_all(controls: list[Control], values: dict, fallback: str = "clip") -> tuple[dict, list[str]]:
    """Every control's value from `values` (its default when absent), and the notes for those changed."""
    taken, notes = {}, []
    for control in controls:
        taken[control.name], note = control.take(values.get(control.name, control.default), fallback)
        if note:
            notes.append(note)
    return taken, notes


def from_query(controls: list[Control], params: dict[str, str]) -> tuple[dict, list[str]]:
    """A page's setup from a URL's query parameters: unknown names and bad values are named, and take defaults."""
    known = {control.name for control in controls}
    values, notes = take_all(controls, {k: v for k, v in params.items() if k in known}, fallback="default")
    unknown = sorted(set(params) - known - {"present"})
    if unknown:
        notes.append("unknown setting" + "s" * (len(unknown) > 1) + ": " + ", ".join(_shown(k) for k in unknown))
    return values, notes


def changed(controls: list[Control], values: dict) -> dict[str, str]:
    """The values that differ from their defaults, as a link writes them, in declaration order: as the browser
    writes them too (demos/scene_ui.py), so both UIs give the same link (lam=0, not lam=0.0)."""
    return {c.name: linked(values[c.name]) for c in controls if c.name in values and c.differs(values[c.name])}


def query_string(controls: list[Control], values: dict) -> str:
    """The query string that sets `values`: only those that differ from their defaults, in declaration order."""
    return urlencode(changed(controls, values))


def markdown_table(controls: list[Control]) -> str:
    """The README's table of a page's URL parameters."""
    rows = [f"| `{c.name}` | {c.label} | {c.allowed} | {_number(c.default) if not c.choices else linked(c.default)} |"
            for c in controls]
    return "\n".join(["| parameter | control | allowed | default |", "|---|---|---|---|", *rows])


def linked(value: Any) -> str:
    """A value as a link writes it: a whole float without its '.0' (JavaScript's String(0) is '0'), a list
    comma-separated (String(["a", "b"]) is 'a,b')."""
    if isinstance(value, (list, tuple)):
        return ",".join(linked(v) for v in value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:g}" if isinstance(value, float) else str(value)


def _shown(raw: Any) -> str:
    """A value as a note may quote it: short, and escaped, since a link's query may carry markup."""
    text = repr(raw) if isinstance(raw, str) else str(raw)
    return html.escape(text if len(text) <= 40 else text[:37] + "...", quote=False)

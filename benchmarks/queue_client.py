"""A browser tab without the browser: one Gradio session driven through Gradio's own queue protocol.

Used by benchmarks/classroom.py to play many students at once. It does what the Gradio 6.31 frontend
does (read from its client in gradio/templates/frontend/assets/index-*.js and Blocks-*.js, and from
gradio/routes.py and queueing.py):

- The page: GET /config?page=<route> gives its components (with their props) and its dependencies.
- An event (component id, event name) runs every dependency that lists it in `targets`; the page's
  load events target the Blocks itself (id 0). Inputs are the components' current values; gr.State
  inputs go as null, since the server keeps them.
- queue=False: POST /gradio_api/run/predict {data, event_data, fn_index, trigger_id, session_hash},
  the outputs in the answer. Otherwise POST /gradio_api/queue/join (same body) -> {event_id}, and the
  messages (estimation, process_starts, process_generating, process_completed) arrive on one
  Server-Sent-Events stream per session, GET /gradio_api/queue/data?session_hash=..., which the server
  closes ('close_stream') once nothing of the session is pending. A generator's first
  process_generating message holds whole values, later ones a list of edits per output.
- A dependency with `cancels` first cancels them: POST /gradio_api/cancel and /gradio_api/reset.
- trigger_mode 'once' drops an event while the same dependency is pending; 'always_last' runs it
  once more when the pending one ends. Chains: a dependency whose `trigger_after` is the one that
  just ended runs next (`.then` always, `.success` only after success, `.failure` only after failure).
- While the tab is open it holds GET /gradio_api/heartbeat/<session_hash>; closing that ends the session.
"""
from __future__ import annotations

import asyncio
import contextlib
import uuid
from dataclasses import dataclass, field

import httpx
import orjson

API = "/gradio_api"
SKIP = {"__type__": "update"}  # gr.skip(): the output stays as it is


@dataclass
class Counts:
    refused: int = 0  # HTTP answers other than 2xx, queue_full messages
    failed: int = 0  # process_completed with success false, unexpected_error


@dataclass
class Pending:
    """A queued event waiting for its messages."""
    dep: dict
    done: asyncio.Future
    last: list | None = None  # a generator's outputs so far, which later messages' edits apply to


@dataclass
class Tab:
    """One student's browser tab on one page (route) of the app at `base`, e.g. http://127.0.0.1:7860."""
    http: httpx.AsyncClient
    base: str
    route: str
    on_data: object = None  # on_data(dep, changed component ids), after each answer is applied
    session_hash: str = field(default_factory=lambda: uuid.uuid4().hex[:11])
    counts: Counts = field(default_factory=Counts)

    async def open(self) -> None:
        answer = await self.http.get(f"{self.base}/config", params={"page": self.route})
        answer.raise_for_status()
        config = answer.json()
        self.queued_by_default = config.get("enable_queue", True)
        self.props = {c["id"]: dict(c.get("props", {})) for c in config["components"]}
        self.kinds = {c["id"]: c["type"] for c in config["components"]}
        self.ids = {props["elem_id"]: i for i, props in self.props.items() if props.get("elem_id")}
        self.deps = {d["id"]: d for d in config["dependencies"]}
        self.pending: dict[str, Pending] = {}  # event_id -> event
        self.early: dict[str, list] = {}  # messages that came before their join's answer
        self.running: dict[int, str] = {}  # dependency id -> event_id of its queued event
        self.busy: set[int] = set()
        self.again: set[int] = set()  # always_last events waiting for the pending one
        self.reader = None
        self.heartbeat = None
        if config.get("connect_heartbeat"):
            self.heartbeat = asyncio.create_task(self._hold(f"{self.base}{API}/heartbeat/{self.session_hash}"))

    async def close(self) -> None:
        for task in (self.reader, self.heartbeat):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, httpx.HTTPError):
                    await task
        self._give_up()

    def _give_up(self) -> None:
        """Every pending event ends unanswered (the tab closes, or its stream was refused)."""
        for event in self.pending.values():
            if not event.done.done():
                event.done.set_result(False)

    # --- what the page shows -------------------------------------------------------------------

    def element(self, elem_id: str) -> int:
        return self.ids[elem_id]

    def value(self, elem_id: str):
        return self.props[self.element(elem_id)].get("value")

    def listeners(self, target: int, event: str) -> list[dict]:
        return [d for d in self.deps.values() if [target, event] in d["targets"]]

    def load_events(self) -> list[dict]:
        """Each time a dependency lists the page's load event (the frontend dispatches it once per listing)."""
        return [d for d in self.deps.values() for _, event in d["targets"] if event == "load"]

    # --- events ----------------------------------------------------------------------------

    async def load(self) -> bool:
        return all(await asyncio.gather(*(self.dispatch(d, 0) for d in self.load_events())))

    async def trigger(self, target: int | str, event: str) -> bool:
        """The user's event on a component, given by id or elem_id; True if every dependency succeeded."""
        target = self.element(target) if isinstance(target, str) else target
        return all(await asyncio.gather(*(self.dispatch(d, target) for d in self.listeners(target, event))))

    async def dispatch(self, dep: dict, trigger_id: int) -> bool:
        """One dependency as the frontend runs it: its cancels, its trigger mode, the call, then its chain."""
        await self._cancel(dep["cancels"])
        if dep["id"] in self.busy:
            if dep["trigger_mode"] == "always_last":
                self.again.add(dep["id"])
            if dep["trigger_mode"] != "multiple":
                return True
        self.busy.add(dep["id"])
        try:
            ok = await self._call(dep, trigger_id)
        finally:
            self.busy.discard(dep["id"])
        chain = [d for d in self.deps.values() if d["trigger_after"] == dep["id"] and self._follows(d, ok)]
        if dep["id"] in self.again:
            self.again.discard(dep["id"])
            chain.append(dep)
        results = await asyncio.gather(*(self.dispatch(d, trigger_id) for d in chain))
        return ok and all(results)

    @staticmethod
    def _follows(child: dict, ok: bool) -> bool:
        if child["trigger_only_on_success"]:
            return ok
        return not ok if child["trigger_only_on_failure"] else True

    async def _cancel(self, dep_ids: list[int]) -> None:
        for dep_id in dep_ids:
            event_id = self.running.get(dep_id)
            if event_id:
                body = {"event_id": event_id, "session_hash": self.session_hash, "fn_index": dep_id}
                await self.http.post(f"{self.base}{API}/cancel", json=body)
                await self.http.post(f"{self.base}{API}/reset", json={"event_id": event_id})

    async def _call(self, dep: dict, trigger_id: int) -> bool:
        if not dep["backend_fn"]:
            return True
        inputs = [None if self.kinds.get(i) == "state" else self.props.get(i, {}).get("value") for i in dep["inputs"]]
        body = {"data": inputs, "event_data": None, "fn_index": dep["id"], "trigger_id": trigger_id,
                "session_hash": self.session_hash}
        queued = self.queued_by_default if dep["queue"] is None else dep["queue"]
        return await (self._join(dep, body) if queued else self._predict(dep, body))

    async def _predict(self, dep: dict, body: dict) -> bool:
        answer = await self.http.post(f"{self.base}{API}/run/predict", json=body)
        if not answer.is_success:
            self.counts.refused += 1
            return False
        self._show(dep, answer.json()["data"])
        return True

    async def _join(self, dep: dict, body: dict) -> bool:
        answer = await self.http.post(f"{self.base}{API}/queue/join", json=body)
        if not answer.is_success:
            self.counts.refused += 1
            return False
        event_id = answer.json()["event_id"]
        event = self.pending[event_id] = Pending(dep, asyncio.get_running_loop().create_future())
        self.running[dep["id"]] = event_id
        for message in self.early.pop(event_id, []):
            self._route(message)
        if self.reader is None or self.reader.done():
            self.reader = asyncio.create_task(self._read())
        try:
            return await event.done
        finally:
            self.pending.pop(event_id, None)
            self.running.pop(dep["id"], None)

    # --- the message stream ----------------------------------------------------------------------

    async def _read(self) -> None:
        """Hold the session's message stream while any of its events is pending (reopened if closed early)."""
        while any(not event.done.done() for event in self.pending.values()):
            url = f"{self.base}{API}/queue/data"
            async with self.http.stream("GET", url, params={"session_hash": self.session_hash}) as answer:
                if not answer.is_success:
                    self.counts.refused += 1
                    return self._give_up()
                async for line in answer.aiter_lines():
                    if line.startswith("data:"):
                        message = orjson.loads(line[5:])
                        if message.get("msg") == "close_stream":
                            break
                        self._route(message)

    def _route(self, message: dict) -> None:
        event_id, kind = message.get("event_id"), message.get("msg")
        event = self.pending.get(event_id)
        if event is None:
            if event_id:
                self.early.setdefault(event_id, []).append(message)
            return
        output = message.get("output") or {}
        if kind == "process_generating" and message.get("success"):
            self._show(event.dep, output["data"], event)
        elif kind == "process_completed" and message.get("success"):
            if "data" in output and not event.dep["types"]["generator"]:  # a generator's repeats its last yield
                self._show(event.dep, output["data"])
            event.done.set_result(True)
        elif kind in ("process_completed", "unexpected_error", "queue_full"):
            self.counts.refused += kind == "queue_full"
            self.counts.failed += kind != "queue_full"
            event.done.set_result(False)

    def _show(self, dep: dict, data: list, event: Pending | None = None) -> None:
        """Apply the answer to the components, as the frontend's handle_data does; tell on_data what changed."""
        edits = event is not None and event.last is not None
        if event is not None:
            event.last = [patch(old, new) for old, new in zip(event.last, data)] if edits else list(data)
        values = event.last if event is not None else data
        changed = []
        for i, (target, value) in enumerate(zip(dep["outputs"], values)):
            if value == SKIP or (edits and not data[i]):
                continue
            props = self.props.setdefault(target, {})
            props.update({k: v for k, v in value.items() if k != "__type__"} if is_update(value) else {"value": value})
            changed.append(target)
        if self.on_data is not None:
            self.on_data(dep, changed)

    async def _hold(self, url: str) -> None:
        async with self.http.stream("GET", url) as answer:
            async for _ in answer.aiter_lines():
                pass


def is_update(value) -> bool:
    return isinstance(value, dict) and value.get("__type__") == "update"


def patch(value, edits: list):
    """Apply a streamed message's edits, [action, path, new], to the previous value (Gradio's apply_diff)."""
    for action, path, new in edits:
        if not path:
            value = new if action == "replace" else value + new
            continue
        parent = value
        for key in path[:-1]:
            parent = parent[key]
        key = path[-1]
        if action == "replace":
            parent[key] = new
        elif action == "append":
            parent[key] += new
        elif action == "add":
            parent.insert(key, new) if isinstance(parent, list) else parent.__setitem__(key, new)
        elif action == "delete":
            del parent[key]
    return value

"""The scripted API's one contract (issue 16): every public endpoint declares its parameters once, in its own
signature, with the types, ranges and defaults below, and `checked` validates each call against them (pydantic,
strict: "5" is not 5, True is not 1, NaN and infinity are no numbers). A bad value is refused with what was wrong
and what is allowed (`Refused`), never changed silently. Checks that tie one argument to another (z's length to
the model) raise Refused in the endpoint itself.

`Gate` is the ASGI middleware in front of the app: only declared endpoints may be called by name, and an omitted
argument that has a default gets it over raw HTTP too. Framework-free: demos/api_ui.py registers the endpoints
with Gradio and turns a Refused into a gr.Error, whose message a caller receives as {"error": "..."}.
"""
from __future__ import annotations

import collections
import functools
import inspect
import json
import re
from typing import Annotated, Callable, Literal, get_type_hints

from pydantic import AfterValidator, ConfigDict, Field, ValidationError, validate_call

CONFIG = ConfigDict(strict=True, allow_inf_nan=False)
MAX_SEED = 2**31 - 1
PUBLIC: dict[str, Callable] = {}  # api_name -> its declared function, filled once while the app is built
MAX_SHOWN = 3  # problems named in one message


class Refused(ValueError):
    """A value an endpoint does not take; the message says what was wrong and what is allowed."""


def declared(base, allowed: str, **limits):
    return Annotated[base, Field(description=allowed, **limits)]


def whole(low: int, high: int):
    return declared(int, f"a whole number from {low:,} to {high:,}", ge=low, le=high)


def real(low: float | None = None, high: float | None = None):
    if low is None:
        return declared(float, "a finite number")
    return declared(float, f"a finite number from {low:g} to {high:g}", ge=low, le=high)


def one_of(*names: str):
    return declared(Literal[names], "one of " + ", ".join(map(repr, names)))


def some_of(*names: str):
    """A list of one or more of names, each at most once."""
    return declared(list[Literal[names]], "a list of one or more of " + ", ".join(map(repr, names)),
                    min_length=1, max_length=len(names))


def numbers(low: int, high: int, item_low: float, item_high: float):
    """A list of low..high finite numbers, each in item_low..item_high."""
    count = f"{low}" if low == high else f"{low} to {high}"
    return declared(list[Annotated[float, Field(ge=item_low, le=item_high)]],
                     f"a list of {count} finite numbers from {item_low:g} to {item_high:g}",
                     min_length=low, max_length=high)


def grid(rows: int, cols: int, low: float, high: float):
    """rows lists of cols finite numbers in low..high (a grey image)."""
    row = Annotated[list[Annotated[float, Field(ge=low, le=high)]], Field(min_length=cols, max_length=cols)]
    return declared(list[row], f"{rows} lists of {cols} finite numbers from {low:g} to {high:g}",
                     min_length=rows, max_length=rows)


def _uploaded(value: dict) -> dict:
    """Gradio has checked and cached a file only when it came as {"path": str, "meta": {"_type": "gradio.FileData"}}."""
    if not isinstance(value.get("path"), str) or (value.get("meta") or {}).get("_type") != "gradio.FileData":
        raise ValueError("not an uploaded file")
    return value


Seed = whole(0, MAX_SEED)
Upload = declared(Annotated[dict, AfterValidator(_uploaded)],
                   'an uploaded file: gradio_client.handle_file("x.png"), or over HTTP first POST it to '
                   '/gradio_api/upload, then pass {"path": <the path it answers>, '
                   '"meta": {"_type": "gradio.FileData"}}')


def allowed(fn: Callable, name: str) -> str:
    """What parameter `name` of `fn` takes, in words, from its declaration."""
    hint = get_type_hints(fn, include_extras=True).get(name)
    described = [m.description for m in getattr(hint, "__metadata__", ()) if getattr(m, "description", None)]
    return described[0] if described else getattr(hint, "__name__", "a value of the documented type")


def _shown(value) -> str:
    if isinstance(value, (list, tuple, dict)) and len(value) > 8:
        return f"a {type(value).__name__} of {len(value):,} items"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def explain(error: ValidationError, fn: Callable) -> str:
    """A pydantic error on a call of fn -> one line per problem: where, what came, what is allowed."""
    names = list(inspect.signature(fn).parameters)
    lines = []
    for problem in error.errors(include_url=False)[:MAX_SHOWN]:
        head, *rest = problem["loc"] or ("?",)
        name = names[head] if isinstance(head, int) and head < len(names) else str(head)
        if problem["type"] == "unexpected_positional_argument":
            lines.append(f"too many arguments: it takes {len(names)} ({', '.join(names)})")
            continue
        where = name + "".join(f"[{i}]" for i in rest if isinstance(i, int))
        came = "missing" if problem["type"].startswith("missing") else f"got {_shown(problem['input'])}"
        lines.append(f"{where}: {came}; {name} must be {allowed(fn, name)}")
    more = len(error.errors()) - MAX_SHOWN
    return "; ".join(lines) + (f" (and {more} more)" if more > 0 else "")


def checked(fn: Callable) -> Callable:
    """fn, validated against its declared signature on every call: a bad value raises Refused, saying why.
    An endpoint's module decorates it, so Python callers get the same contract as the API (once: checked(checked(f))
    is checked(f))."""
    if getattr(fn, "checked", False):
        return fn
    validated = validate_call(config=CONFIG)(fn)

    @functools.wraps(fn)
    def call(*args, **kwargs):
        try:
            return validated(*args, **kwargs)
        except ValidationError as error:
            raise Refused(explain(error, fn)) from None
    call.checked = True
    return call


def declare(api_name: str, fn: Callable) -> None:
    PUBLIC[api_name] = fn


ROUTE = re.compile(r"/gradio_api/(call/v2|call|run|api)/([^/]+)/?$")


def _with_defaults(name: str, data: list) -> tuple[list, str]:
    """The arguments of a call of /name over raw HTTP, omitted trailing ones given their defaults -> (data, problem)."""
    fn = PUBLIC[name]
    params = list(inspect.signature(fn).parameters.values())
    if len(data) > len(params):
        names = ", ".join(p.name for p in params)
        return data, f"/{name} takes at most {len(params)} arguments ({names}), got {len(data)}"
    for param in params[len(data):]:
        if param.default is inspect.Parameter.empty:
            return data, f"/{name} needs {param.name}: {allowed(fn, param.name)}"
        data = [*data, param.default]
    return data, ""


MAX_WAITING_CALLS = 4  # calls by name one client (IP address) may have in Gradio's queue at once
MAX_SESSION_EVENTS = 32  # events one session may have in the queue at once (a page's load fires about 8)


ARRIVING: collections.Counter = collections.Counter()  # requests let through whose event is not yet in the queue


def _crowding(scope, route: str, session_hash: str | None) -> str:
    """Why this request would be one too many from its client or session, or "" (issue 16: a fair queue).
    Counts the queue's events and the requests on their way into it (ARRIVING), so a burst sent at once is
    counted as it arrives, not only once Gradio has queued it."""
    queue = getattr(scope.get("app"), "get_blocks", lambda: None)()
    queue = getattr(queue, "_queue", None)
    if queue is None:
        return ""
    if route == "join":
        pending = len(queue.pending_event_ids_session.get(session_hash, ())) if session_hash else 0
        pending += ARRIVING[session_hash]
        return (f"this session already has {pending} events waiting; at most {MAX_SESSION_EVENTS}"
                if pending >= MAX_SESSION_EVENTS else "")
    host = (scope.get("client") or ("?",))[0]
    waiting = ARRIVING[host] + sum(1 for event in list(queue.event_ids_to_events.values())
                                   if event.fn.api_name in PUBLIC and getattr(event.request, "client", None) is not None
                                   and event.request.client.host == host)
    return (f"{waiting} calls from {host} are already waiting; a client may have {MAX_WAITING_CALLS} at once: "
            "wait for an answer before sending the next call" if waiting >= MAX_WAITING_CALLS else "")


class Gate:
    """ASGI middleware: an endpoint can be called by name only when it is declared public here.

    Gradio 6.31 serves every event by name (/gradio_api/call/<name>), api_visibility="private" included: that only
    hides it from view_api and gradio_client. The pages' own events still reach the queue the way the browser sends
    them (/gradio_api/queue/join with the event's index). /run and /api would skip the queue; every event here is
    queued, so they are refused. A /call/<name> with fewer arguments than declared gets the declared defaults.
    A client's calls by name, and a session's events, are refused with 429 past MAX_WAITING_CALLS and
    MAX_SESSION_EVENTS waiting, so that one script cannot fill the queue that every visitor shares.
    """

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        found = ROUTE.search(scope.get("path", "")) if scope["type"] == "http" and scope["method"] == "POST" else None
        if found is None and scope["type"] == "http" and scope.get("path", "").endswith(JOIN):
            body = await _body(receive)
            if crowded := _crowding(scope, "join", _session_of(body)):
                return await _answer(send, 429, crowded)
            return await _arriving(_session_of(body), self.app(_with_length(scope, body), _replay(body, receive), send))
        if found is None:
            return await self.app(scope, receive, send)
        route, name = found.groups()
        if route in ("run", "api") or name not in PUBLIC:
            public = ", ".join(f"/{n}" for n in sorted(PUBLIC))
            why = (f"/{name} is not a public endpoint" if name not in PUBLIC else
                   f"/gradio_api/{route}/ skips the queue and is not served; use /gradio_api/call/{name}")
            return await _answer(send, 404, f"{why}. Public endpoints: {public} (README, 'Scripting the app').")
        if crowded := _crowding(scope, "call", None):
            return await _answer(send, 429, crowded)
        host = (scope.get("client") or ("?",))[0]
        ARRIVING[host] += 1  # counted from here, with no await since the check: a burst cannot slip through
        try:
            if route == "call":
                body, problem = await _defaults_filled(name, receive)
                if problem:
                    return await _answer(send, 422, problem)
                scope, receive = _with_length(scope, body), _replay(body, receive)
            await self.app(scope, receive, send)
        finally:
            _left(host)


async def _arriving(key, call) -> None:
    """Await `call` (the app handling a request) with `key` counted in ARRIVING meanwhile."""
    ARRIVING[key] += 1
    try:
        await call
    finally:
        _left(key)


def _left(key) -> None:
    ARRIVING[key] -= 1
    if ARRIVING[key] <= 0:
        del ARRIVING[key]


JOIN = "/gradio_api/queue/join"


async def _body(receive) -> bytes:
    chunks, more = [], True
    while more:
        message = await receive()
        chunks.append(message.get("body", b""))
        more = message.get("more_body", False)
    return b"".join(chunks)


def _session_of(body: bytes) -> str | None:
    try:
        payload = json.loads(body)
    except ValueError:
        return None
    return payload.get("session_hash") if isinstance(payload, dict) else None


def _with_length(scope, body: bytes):
    headers = [(k, v) for k, v in scope["headers"] if k != b"content-length"]
    return {**scope, "headers": [*headers, (b"content-length", str(len(body)).encode())]}


async def _defaults_filled(name: str, receive) -> tuple[bytes, str]:
    body = await _body(receive)
    try:
        payload = json.loads(body)
    except ValueError:
        return body, ""  # Gradio answers malformed JSON itself
    if not isinstance(payload, dict) or not isinstance(payload.get("data", []), list):
        return body, ""
    data, problem = _with_defaults(name, payload.get("data", []))
    return json.dumps({**payload, "data": data}).encode(), problem


def _replay(body: bytes, receive):
    """The request's body, once, then the connection's own messages (its disconnect)."""
    sent = False

    async def replayed():
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}
    return replayed


async def _answer(send, status: int, message: str) -> None:
    body = json.dumps({"error": message}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})

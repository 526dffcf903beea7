"""The scripted API's contract (issue 16), from outside, over raw HTTP (Gradio's two-step /gradio_api/call protocol).

Every public endpoint is driven with wrong types, NaN and infinity, huge and negative numbers, wrong lengths and
unknown names. Each gets {"error": "<what was wrong and what is allowed>"}, never Gradio's {"error": null}, and no
traceback in the server's log; the server still answers afterwards. Only the published endpoints are in view_api,
and nothing else can be called by name.
"""
from __future__ import annotations

import io
import json
import math
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from PIL import Image

from core.mode_collapse import STEPS

PUBLIC = {"/ae_reconstruct", "/ae_sample", "/vae_decode", "/vae_encode", "/gan2d_train", "/dcgan_sample",
          "/minimax_simulate", "/mode_collapse_train", "/mode_collapse_table", "/cgan_generate", "/cyclegan_translate"}
NAN, INF = float("nan"), float("inf")
# wrong for every number the API takes: each range lies within -10**6 .. 2**31 - 1
BAD_NUMBER = [None, "x", "3", {}, [], True, NAN, INF, -INF, 2**63, 10**400, -10**6]
BAD_WHOLE = [*BAD_NUMBER, 1.5]
BAD_NAME = [None, "", "nope", {}, {"model": "z = 8"}, ["z = 8"], 3, NAN]
BAD_LIST = [None, "x", 3, NAN, {}, [], [NAN], ["x"], [10**400], [[0.5] * 28] * 1000]
DIGIT = [[0.5] * 28] * 28

# endpoint -> (valid arguments, {argument index: values it must refuse}); None stands for an uploaded digit
CASES = {
    "ae_sample": (["Conv, z = 2", 0], {0: BAD_NAME, 1: BAD_WHOLE}),
    "ae_reconstruct": ([None, "MLP, z = 8", 0.0], {0: BAD_LIST + [{"path": "/etc/passwd"}], 1: BAD_NAME,
                                                    2: BAD_NUMBER}),
    "vae_decode": ([[0.0] * 8, "z = 8"], {0: BAD_LIST + [[0.1], [0.1] * 9, [0.1] * 1000, [0.1] * 10**6, [4.0] * 8],
                                          1: BAD_NAME}),
    "vae_encode": ([DIGIT, "z = 8"], {0: BAD_LIST + [[[0.5] * 28] * 27, [[0.5] * 27] * 28, [[2.0] * 28] * 28],
                                      1: BAD_NAME}),
    "gan2d_train": (["gaussians", 10, 0], {0: BAD_NAME, 1: BAD_WHOLE + [0, 5001], 2: BAD_WHOLE + [-1]}),
    "dcgan_sample": ([2, 0], {0: BAD_WHOLE + [0, -1, 65, 10**9], 1: BAD_WHOLE + [-1]}),
    "minimax_simulate": ([["simultaneous"], [1.0, 1.0], 0.1, 10, 1.0, -0.5, 0.0],
                         {0: BAD_NAME + [[], ["adam"], ["simultaneous"] * 7], 1: BAD_LIST + [[1.0], [1.0, 1.0, 1.0]],
                          2: BAD_NUMBER + [0.0, 3.0], 3: BAD_WHOLE + [0, 2001], 4: BAD_NUMBER, 5: BAD_NUMBER,
                          6: BAD_NUMBER}),
    "mode_collapse_train": (["ring8", "pacgan", 0, 10], {0: BAD_NAME, 1: BAD_NAME, 2: BAD_WHOLE + [-1],
                                                        3: BAD_WHOLE + [0, max(STEPS.values()) + 1]}),
    "cgan_generate": ([3, 0, 2, "cgan_mnist"], {0: BAD_WHOLE + [10, -1], 1: BAD_WHOLE + [-1], 2: BAD_WHOLE + [0, 65],
                                                3: BAD_NAME}),
    "cyclegan_translate": ([DIGIT, "cyclegan_digits_lam10", "to_zebra"],
                           {0: BAD_LIST + [[[10**400] * 28] * 28, [[300.0] * 28] * 28, [[[0.5] * 3] * 28] * 28],
                            1: BAD_NAME, 2: BAD_NAME + ["sideways"]}),
}
PARAMS = {"ae_sample": ["model", "seed"], "ae_reconstruct": ["image", "model", "noise"], "vae_decode": ["z", "model"],
          "vae_encode": ["image", "model"], "gan2d_train": ["preset", "iterations", "seed"],
          "dcgan_sample": ["n", "seed"],
          "minimax_simulate": ["methods", "z0", "lr", "steps", "gamma", "beta", "c"],
          "mode_collapse_train": ["mixture", "method", "seed", "steps"],
          "cgan_generate": ["digit_class", "seed", "n", "model"], "cyclegan_translate": ["image", "model", "direction"]}


def post(base: str, name: str, data: list) -> httpx.Response:
    return httpx.post(f"{base}gradio_api/call/{name}", content=json.dumps({"data": data}), timeout=60,
                      headers={"content-type": "application/json"})


def call(base: str, name: str, data: list) -> tuple[str, object]:
    """One raw-HTTP call -> (its last event, that event's data)."""
    started = post(base, name, data)
    assert started.status_code == 200, started.text
    stream = httpx.get(f"{base}gradio_api/call/{name}/{started.json()['event_id']}", timeout=120).text
    events = [block.split("\n") for block in stream.strip().split("\n\n")]
    event, data = events[-1][0].removeprefix("event: "), events[-1][1].removeprefix("data: ")
    return event, json.loads(data)


@pytest.fixture(scope="module")
def upload(gradio_url):
    """A digit uploaded the way a raw-HTTP client does: POST /gradio_api/upload, then pass its path as FileData."""
    png = io.BytesIO()
    Image.new("L", (28, 28)).save(png, format="PNG")
    [path] = httpx.post(f"{gradio_url}gradio_api/upload", files={"files": ("digit.png", png.getvalue())}).json()
    return {"path": path, "meta": {"_type": "gradio.FileData"}}


def bad_calls():
    for name, (valid, bad) in CASES.items():
        for index, values in bad.items():
            for value in values:
                yield name, valid, index, value


def test_every_public_endpoint_is_fuzzed():
    assert {f"/{name}" for name in CASES} | {"/mode_collapse_table"} == PUBLIC


def problem(name: str, index: int, value, event: str, data) -> str:
    """"" when a bad call was refused with a message naming the argument and what it must be, else what came."""
    message, param = data.get("error") if isinstance(data, dict) else None, PARAMS[name][index]
    if event == "error" and isinstance(message, str) and param in message and "must" in message:
        return ""
    return f"/{name} {param}={str(value)[:40]}: {event} {str(data)[:160]}"


def with_value(valid: list, index: int, value, upload: dict) -> list:
    args = [upload if a is None and i == 0 else a for i, a in enumerate(valid)]  # ae_reconstruct's image
    args[index] = value
    return args


def test_every_bad_value_is_refused_by_the_handler_gradio_calls(gradio_url, tmp_path):
    """The whole matrix, in-process, through each endpoint's registered function (what the queue runs)."""
    import gradio as gr

    import app
    handlers = {fn.api_name: fn.fn for fn in app.demo.fns.values() if f"/{fn.api_name}" in PUBLIC}
    Image.new("L", (28, 28)).save(tmp_path / "digit.png")
    upload = {"path": str(tmp_path / "digit.png"), "meta": {"_type": "gradio.FileData"}}
    problems, calls = [], list(bad_calls())
    for name, valid, index, value in calls:
        try:
            handlers[name](*with_value(valid, index, value, upload))
            problems.append(problem(name, index, value, "complete", None))
        except gr.Error as error:
            problems.append(problem(name, index, value, "error", {"error": error.message}))
    problems = [p for p in problems if p]
    assert not problems, f"{len(problems)} of {len(calls)} bad calls:\n" + "\n".join(problems)


def test_bad_values_over_http_get_the_error_event_and_no_traceback(gradio_url, upload, capfd):
    """Over the wire: the first and last bad value of every argument (about 60 calls; the handler test has all)."""
    calls = [(name, valid, index, values[k]) for name, (valid, bad) in CASES.items()
             for index, values in bad.items() for k in {0, len(values) - 1}]

    def one(name, valid, index, value):
        return problem(name, index, value, *call(gradio_url, name, with_value(valid, index, value, upload)))
    with ThreadPoolExecutor(4) as pool:
        problems = [p for p in pool.map(lambda c: one(*c), calls) if p]
    assert not problems, f"{len(problems)} of {len(calls)} bad calls:\n" + "\n".join(problems)
    assert "Traceback" not in capfd.readouterr().err  # input errors are expected events, not crashes
    event, data = call(gradio_url, "dcgan_sample", [2, 0])  # and the server still answers
    assert event == "complete" and len(data[0]["images"]) == 2


def test_the_fuzz_reaches_each_kind_of_bad_value():
    values = [value for *_, value in bad_calls()]
    assert len(values) > 300
    assert any(isinstance(v, float) and math.isnan(v) for v in values) and INF in values and 10**400 in values
    assert [0.1] * 10**6 in values and "nope" in values and {} in values


def test_omitted_arguments_get_their_documented_defaults(gradio_url):
    event, data = call(gradio_url, "vae_decode", [[0.0] * 8])  # model omitted: "z = 8"
    assert event == "complete" and len(data[0]) == 28
    event, data = call(gradio_url, "cgan_generate", [])  # every argument omitted
    assert event == "complete" and data[0]["labels"] == [3] * 8 and data[0]["model"] == "cgan_mnist"
    event, data = call(gradio_url, "ae_sample", [])
    assert event == "complete" and data[2] == 1  # the seed after the default 0


@pytest.mark.parametrize("name, data, message", [
    ("vae_decode", [], "/vae_decode needs z: a list of 1 to 16 finite numbers"),
    ("dcgan_sample", [2, 0, 1], "/dcgan_sample takes at most 2 arguments (n, seed), got 3"),
    ("mode_collapse_table", [1], "takes at most 0 arguments"),
])
def test_a_missing_or_extra_argument_is_named(gradio_url, name, data, message):
    answer = post(gradio_url, name, data)
    assert answer.status_code == 422 and message in answer.json()["error"]


def test_view_api_lists_exactly_the_published_endpoints(client):
    assert set(client.view_api(return_format="dict", print_info=False)["named_endpoints"]) == PUBLIC


@pytest.mark.parametrize("name", ["fetch", "load_upload", "uploaded", "translate_photo", "default_digit", "html",
                                  "new_session_4", "first_view", "leave", "nope"])
def test_nothing_else_can_be_called_by_name(gradio_url, name):
    for path in (f"call/{name}", f"call/v2/{name}", f"run/{name}", f"api/{name}"):
        answer = httpx.post(f"{gradio_url}gradio_api/{path}", json={"data": [None, "horse2zebra"]}, timeout=30)
        assert answer.status_code == 404 and f"/{name} is not a public endpoint" in answer.json()["error"], path


def test_direct_calls_that_skip_the_queue_are_refused(gradio_url):
    answer = httpx.post(f"{gradio_url}gradio_api/run/dcgan_sample", json={"data": [2, 0], "fn_index": 0}, timeout=30)
    assert answer.status_code == 404 and "use /gradio_api/call/dcgan_sample" in answer.json()["error"]


def test_every_event_goes_through_the_queue(gradio_url):
    """The Gate refuses /gradio_api/run/..., where the browser would send an event with queue=False. Events that
    run only in the browser (a `js=` with no Python function: a box clipping its value, the scene link) send
    nothing to the server, so they may skip the queue; every event with a Python function goes through it."""
    import app
    served = [fn for fn in app.demo.fns.values() if fn.fn is not None]
    assert served and all(fn.queue for fn in served)
    assert all(fn.js for fn in app.demo.fns.values() if fn.fn is None)  # browser-only: its JavaScript is the event

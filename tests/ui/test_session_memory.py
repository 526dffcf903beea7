"""A visitor's memory is freed when the tab closes (design.md §8; demos/session_ui.py): the app launched
in-process, a /gan tab driven through Gradio's own queue protocol (benchmarks.queue_client, as a browser
does), then closed the way a browser closes it, by ending its heartbeat stream."""
import asyncio
import concurrent.futures
import gc
import threading
import time
import weakref

import gradio as gr
import httpx
import plotly.graph_objects as go
from gradio.state_holder import SessionState

import app
from benchmarks.classroom import frame_timer
from benchmarks.queue_client import Tab
from demos import live
from demos.gan import digits
from demos import session_ui
from demos.session_ui import free_session, keep_component_ids, runs_in


def gan_session(session_hash: str):
    """The GAN page's Session in the app's state holder for this tab, or None."""
    holder = app.demo.state_holder
    session = holder.session_data.get(session_hash)
    values = session.state_data.values() if session is not None else ()
    return next((value for value in values if hasattr(value, "digits")), None)


def on_a_fresh_loop(coroutine):
    """asyncio.run in a thread of its own: after the browser tests, Playwright's loop runs on this thread."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def wait_for(condition, seconds: float) -> float:
    """Poll until condition() holds. -> the seconds it took; fails after `seconds`."""
    start = time.monotonic()
    while not condition():
        assert time.monotonic() - start < seconds, "not within the time allowed"
        time.sleep(0.05)
    return time.monotonic() - start


def test_the_digit_section_builds_nothing_until_train_and_a_closed_tab_frees_its_runs(gradio_url):
    base = gradio_url.rstrip("/")

    async def open_train_and_close():
        async with httpx.AsyncClient(timeout=60) as http:
            tab = Tab(http, base, "gan")
            await tab.open()
            assert tab.heartbeat is not None  # the page holds a heartbeat stream, as a browser does
            try:
                assert await tab.load()
                session = gan_session(tab.session_hash)
                assert session is not None and session.digits.trainer is None  # the page opened: no DCGAN
                assert digits.INVITATION in tab.value("dcgan-status") and tab.value("dcgan-grid") is None
                assert await tab.trigger("dcgan-train", "click")  # ▶ Train: a DCGAN from scratch, playing
                assert "iteration" in tab.value("dcgan-status")
                return tab.session_hash, session
            finally:
                await tab.close()  # the tab closes: its heartbeat stream ends

    session_hash, session = on_a_fresh_loop(open_train_and_close())
    closed = time.monotonic()
    runs = [session.run, session.digits]
    trainer = weakref.ref(session.digits.trainer.trainer) if session.digits.trainer is not None else None
    # Gradio's unload, then ours: well before the scheduler's GONE_SECONDS, and the state is gone, not kept an hour
    took = wait_for(lambda: app.demo.state_holder.session_data.get(session_hash) is None, 8)
    assert took < live.GONE_SECONDS - 2 and time.monotonic() - closed < live.GONE_SECONDS - 2
    assert not any(run.playing or run.trainer is not None for run in runs)
    assert session.digits not in live.SCHEDULER._runs
    del session, runs
    gc.collect()
    assert trainer is not None and trainer() is None  # the DCGAN itself has been freed


class FakeSession:
    def __init__(self, values: dict):
        self.state_data = values


class FakeHolder:
    """Just what free_session uses of gradio's StateHolder."""
    def __init__(self, sessions: dict):
        self.session_data, self.time_last_used, self.lock = sessions, {k: 0 for k in sessions}, threading.Lock()
        self.deleted = []

    def delete_state(self, session_hash):
        self.deleted.append(session_hash)
        self.session_data[session_hash].state_data.clear()


class Step:
    iterations = 0

    def step(self, n):
        self.iterations += n


def test_free_session_stops_every_run_one_level_down_and_leaves_other_sessions_alone():
    from demos.gan import view
    page = view.new_session()
    page.digits.trainer = Step()
    lone = live.Run(Step(), draw=lambda run, note: None)
    other = live.Run(Step(), draw=lambda run, note: None)
    scheduler = live.Scheduler(threaded=False)
    for run in (page.run, page.digits, lone, other):
        live.play(run, scheduler)
    holder = FakeHolder({"a": FakeSession({1: page, 2: lone, 3: None, 4: {"run": Step()}, 5: 7}),
                         "b": FakeSession({1: other})})
    assert runs_in(page) == [page.run, page.digits] and runs_in(lone) == [lone] and runs_in(7) == []
    assert free_session(holder, "a") == 3
    assert not any(run.playing or run.trainer is not None for run in (page.run, page.digits, lone))
    assert len(scheduler) == 1 and other.playing  # the other visitor goes on
    assert "a" not in holder.session_data and "a" not in holder.time_last_used and holder.deleted == ["a"]
    assert free_session(holder, "a") == 0 and free_session(None, "b") == 0  # twice, or before launch: nothing


PAGE = "demos/gan/streamlit_page.py"  # for the app_test fixture


def test_streamlit_digit_section_builds_its_dcgan_on_the_first_train(app_test):
    session = app_test.session_state["gan_session"]
    assert session.digits.trainer is None and digits.INVITATION in app_test.markdown.values  # opened: nothing built
    app_test.button(key="dcgan_play").click().run()  # ▶ Train: play_buttons' ready= makes a DCGAN from scratch
    assert not app_test.exception and session.digits.trainer is not None and session.digits.playing
    app_test.button(key="dcgan_stop").click().run()
    assert not session.digits.playing and any(m.startswith("iteration") and "recognisable" in m
                                              for m in app_test.markdown.values)


def grown_keys(patched: bool) -> tuple[int, int]:
    """A Plot output skipped, then sent a figure, five times, through Gradio's own postprocess_data in one
    session. -> (keys the session's config gained, config entries it gained)."""
    with gr.Blocks() as demo:
        plot = gr.Plot()
        button = gr.Button()
        button.click(lambda: None, None, plot)
    fn, figure = demo.fns[0], go.Figure(go.Scatter(x=[0, 1], y=[1, 0]))
    original = SessionState.__setitem__
    try:
        if not patched:
            SessionState.__setitem__ = getattr(original, "__wrapped__", original)
        state = SessionState(demo)
        before = len(state.blocks_config.blocks), len(state.config_values)
        for _ in range(5):
            for value in (gr.skip(), figure):
                on_a_fresh_loop(demo.postprocess_data(fn, value, state))
    finally:
        SessionState.__setitem__ = original
    return len(state.blocks_config.blocks) - before[0], len(state.config_values) - before[1]


def test_an_open_session_stays_the_size_of_its_page_however_often_outputs_are_skipped():
    keep_component_ids()
    assert grown_keys(patched=True) == (0, 0)
    assert grown_keys(patched=False) == (5, 5)  # Gradio 6.31 alone: a component and its config per skip-then-value


def test_a_playing_gan_tab_keeps_its_session_config_the_size_of_the_page(gradio_url):
    """The live GAN page redraws its charts every third frame and skips them in between (the leak's trigger)."""
    async def play(ticks: int):
        async with httpx.AsyncClient(timeout=60) as http:
            tab = Tab(http, gradio_url.rstrip("/"), "gan")
            await tab.open()
            try:
                assert await tab.load() and await tab.trigger("gan-play", "click")
                timer = frame_timer(tab)
                for _ in range(ticks):
                    assert await tab.trigger(timer, "tick")
                    await asyncio.sleep(0.1)
                session = app.demo.state_holder.session_data[tab.session_hash]
                await tab.trigger("gan-stop", "click")
                return set(session.blocks_config.blocks), set(session.config_values)
            finally:
                await tab.close()

    blocks, configs = on_a_fresh_loop(play(12))
    assert blocks == set(app.demo.default_config.blocks) and configs <= blocks


def test_the_sweeper_frees_a_scripts_session_and_keeps_an_open_tabs(gradio_url):
    """A call by name without a session makes one that no tab will ever close; an open tab holds a heartbeat."""
    base, holder = gradio_url.rstrip("/"), app.demo.state_holder

    async def script_and_tab():
        async with httpx.AsyncClient(timeout=60) as http:
            before = set(holder.session_data)
            answer = await http.post(f"{base}/gradio_api/call/ae_sample", json={"data": []})
            event_id = answer.json()["event_id"]
            assert "event: complete" in (await http.get(f"{base}/gradio_api/call/ae_sample/{event_id}")).text
            scripts = set(holder.session_data) - before
            tab = Tab(http, base, "vae")
            await tab.open()
            try:
                assert await tab.load()
                wait_for(lambda: tab.session_hash in session_ui.OPEN, 10)  # its heartbeat stream is open
                freed = session_ui.sweep(holder, idle=0)
                return scripts, tab.session_hash, freed, set(holder.session_data)
            finally:
                await tab.close()

    scripts, tab, freed, left = on_a_fresh_loop(script_and_tab())
    assert scripts and freed >= len(scripts) and not scripts & left  # the script's session is gone
    assert tab in left  # the open tab's stays

"""A visitor whose first event is Play (before the page's load event) gets a session of their own, and it is
freed when their tab closes, like any other (issue 17; design.md §8). Driven through Gradio's own queue protocol
(benchmarks.queue_client, as a browser does), against the app launched in-process."""
import asyncio
import concurrent.futures
import time

import httpx
import pytest

import app
from benchmarks.queue_client import Tab
from demos import visitor

PAGES = [("mode-collapse", "mc-play", "mc-status"), ("cgan", "cgan-train", "cgan-live-status"),
         ("cyclegan", "cg-train", "cg-status")]


def sessions_of(session_hash: str) -> list[visitor.Blank]:
    """The page sessions (visitor.Blank) in the app's state holder for this tab."""
    session = app.demo.state_holder.session_data.get(session_hash)
    values = session.state_data.values() if session is not None else ()
    return [value for value in values if isinstance(value, visitor.Blank)]


def on_a_fresh_loop(coroutine):
    """asyncio.run in a thread of its own: after the browser tests, Playwright's loop runs on this thread."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@pytest.mark.parametrize("route, play, status", PAGES, ids=[page[0] for page in PAGES])
def test_play_before_the_load_trains_in_the_visitors_own_session_which_goes_when_they_leave(gradio_url, route,
                                                                                            play, status):
    base = gradio_url.rstrip("/")

    async def play_first_then_load_and_close():
        async with httpx.AsyncClient(timeout=120) as http:
            tab = Tab(http, base, route)
            await tab.open()
            try:
                assert await tab.trigger(play, "click")  # before any load event: it used to meet None
                assert "iteration" in tab.value(status), tab.value(status)
                [session] = sessions_of(tab.session_hash)
                assert session.run.playing and session.run.trainer is not None
                trainer = session.run.trainer
                assert await tab.load()  # the page's load arrives late: the run goes on, not replaced
                assert session.run.trainer is trainer and session.run.playing
                return tab.session_hash, session
            finally:
                await tab.close()  # the tab closes: its heartbeat stream ends

    session_hash, session = on_a_fresh_loop(play_first_then_load_and_close())
    start = time.monotonic()
    while app.demo.state_holder.session_data.get(session_hash) is not None:
        assert time.monotonic() - start < 8, "the closed tab's session was not freed"
        time.sleep(0.05)
    assert not session.run.playing and session.run.trainer is None  # released (session_ui.free_session)

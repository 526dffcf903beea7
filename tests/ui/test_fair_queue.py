"""A fair queue (issue 16): one script's calls, however many, neither fill the queue every visitor shares nor
take the slots a page needs. demos/api_contract.Gate refuses a client's calls by name past MAX_WAITING_CALLS
and a session's events past MAX_SESSION_EVENTS (429, with why); scripts run in concurrency groups of their own."""
import asyncio

import httpx

import app
from benchmarks.queue_client import Tab
from demos import api_contract
from tests.ui.test_session_memory import on_a_fresh_loop, wait_for

TRAIN = {"data": ["gaussians", 1500, 0]}  # a few seconds on the scheduler: still waiting when the next comes


def test_the_limits_leave_room_for_a_page_and_a_class():
    """A page's load fires about 8 events; 60 students each at the session limit still fit in the queue."""
    assert api_contract.MAX_SESSION_EVENTS >= 16 and app.demo._queue.max_size >= 60 * api_contract.MAX_SESSION_EVENTS


def test_scripts_run_in_groups_of_their_own():
    groups = {fn.api_name: fn.concurrency_id for fn in app.demo.fns.values() if fn.api_name in api_contract.PUBLIC}
    assert groups["gan2d_train"] == groups["mode_collapse_train"] == "scripted-training"
    assert set(groups.values()) == {"scripts", "scripted-training"}  # never a page's group


def test_one_client_may_have_a_few_calls_waiting_and_a_page_still_opens(gradio_url, monkeypatch):
    monkeypatch.setattr(api_contract, "MAX_WAITING_CALLS", 2)  # the rule, at a size quick to test
    base = gradio_url.rstrip("/")

    async def flood():
        async with httpx.AsyncClient(timeout=120) as http:
            answers = await asyncio.gather(*(http.post(f"{base}/gradio_api/call/gan2d_train", json=TRAIN)
                                             for _ in range(6)))  # a burst, sent at once
            tab = Tab(http, base, "vae")  # another visitor (here from the same address, which is stricter)
            await tab.open()
            try:
                opened = await tab.load()
            finally:
                await tab.close()
            return answers, opened, tab.counts

    answers, opened, counts = on_a_fresh_loop(flood())
    training = lambda: [e for e in list(app.demo._queue.event_ids_to_events.values()) if e.fn.api_name == "gan2d_train"]
    wait_for(lambda: not training(), 120)  # the accepted runs finish before the test ends (none left at exit)
    codes = [a.status_code for a in answers]
    assert codes.count(200) == api_contract.MAX_WAITING_CALLS and codes.count(429) == 6 - api_contract.MAX_WAITING_CALLS
    refused = next(a for a in answers if a.status_code == 429).json()["error"]
    assert "already waiting" in refused and f"{api_contract.MAX_WAITING_CALLS} at once" in refused
    assert opened and counts.refused == 0 and counts.failed == 0


def test_one_session_may_not_queue_without_end(gradio_url, monkeypatch):
    monkeypatch.setattr(api_contract, "MAX_SESSION_EVENTS", 3)
    base = gradio_url.rstrip("/")
    fn_index = next(i for i, fn in app.demo.fns.items() if fn.api_name == "mode_collapse_table")
    body = {"data": [], "fn_index": fn_index, "session_hash": "flooding00", "event_data": None,
            "trigger_id": None}

    async def join_many():
        async with httpx.AsyncClient(timeout=60) as http:
            codes = [(await http.post(f"{base}/gradio_api/queue/join", json=body)).status_code
                     for _ in range(api_contract.MAX_SESSION_EVENTS + 3)]
            return codes

    codes = on_a_fresh_loop(join_many())
    assert codes.count(200) == api_contract.MAX_SESSION_EVENTS and codes[-1] == 429
    # (the session never opens its message stream, as a flood would not: Gradio holds its events until it does)

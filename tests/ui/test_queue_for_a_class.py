"""The queue holds a lecture hall (design.md §8): 60 students opening any page at once are queued, not refused,
and no group of events (training, live drawing) can take the worker slots that every other group needs."""
import pytest

from tests.ui.test_load_events import load_fires

CLASS = 60


@pytest.fixture(scope="module")
def app():
    import app

    return app


def group_limits(app) -> dict[str, int | None]:
    """concurrency_id -> the limit Gradio applies to it (the lowest among its listeners, queueing.py)."""
    queue, limits = app.demo._queue, {}
    for fn in app.demo.fns.values():
        if fn.queue and fn.fn is not None:
            limit = queue.default_concurrency_limit if fn.concurrency_limit == "default" else fn.concurrency_limit
            known = limits.get(fn.concurrency_id, limit)
            limits[fn.concurrency_id] = limit if known is None else known if limit is None else min(known, limit)
    return limits


def test_every_group_has_a_limit_and_together_they_fit_the_worker_slots(app):
    limits = group_limits(app)
    assert [group for group, limit in limits.items() if limit is None] == []  # else max_threads is the only bound
    assert sum(limits.values()) < app.LAUNCH_KWARGS["max_threads"]


def test_a_class_opening_the_busiest_page_at_once_fits_the_queue(app):
    config = app.demo.config
    pages = [[d for d in config["dependencies"] if d["id"] in page["dependencies"]] for page in config["page"].values()]
    busiest = max(load_fires({"dependencies": deps}).total() for deps in pages)
    assert busiest >= 1
    assert app.demo._queue.max_size is None or app.demo._queue.max_size >= CLASS * busiest

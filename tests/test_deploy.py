"""deploy/: two replicas of app.py behind nginx with deploy/nginx.conf, started as `python -m deploy.serve` starts
them (nginx is this test's own process, on a temp prefix and free ports). A visitor (one cookie jar) stays on
one replica from page load through Play to Stop; new visitors land on both; the classroom benchmark's students
play through the proxy. Which replica answered whom is read from nginx's access log."""
from __future__ import annotations

import ast
import asyncio
import concurrent.futures
import os
import re
import time
from pathlib import Path

import httpx
import pytest

from benchmarks import classroom
from benchmarks.queue_client import Counts
from deploy import serve

ROOT = Path(__file__).resolve().parents[1]
LOG_SECONDS = 30.0  # nginx logs a request when it ends; the longest we wait for a line the test expects


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    if serve.nginx_path() is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have Debian's nginx: `make nginx` installs it")
        pytest.skip("no nginx found (apt-get install nginx): the deployment test is skipped")
    run = tmp_path_factory.mktemp("deploy")
    deployment = serve.start(2, serve.free_port(), run=run, access_log=run / "access.log")
    yield deployment
    deployment.stop()


def base(deployment) -> str:
    return f"http://127.0.0.1:{deployment.port}"


def log_lines(deployment) -> list[list[str]]:
    """The access log as [key, status, method, uri, replicas] rows."""
    return [line.split(" ", 4) for line in (deployment.run / "access.log").read_text().splitlines()]


def replicas(deployment) -> set[str]:
    return {f"127.0.0.1:{port}" for port in deployment.replicas}


def wait_for_log(deployment, logged, seconds: float = LOG_SECONDS) -> list[list[str]]:
    """The log's rows once logged(rows) holds (requests are logged as they end, a moment after their answer)."""
    deadline = time.monotonic() + seconds
    while not logged(rows := log_lines(deployment)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return rows


def on_a_fresh_loop(coroutine):
    """asyncio.run in a thread of its own (after browser tests, Playwright's loop holds this thread)."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_a_visitor_stays_on_one_replica_from_page_load_through_play_to_stop(deployment):
    known = {key for key, *_ in log_lines(deployment)}
    player, counts = classroom.Player(), Counts()
    on_a_fresh_loop(classroom.gan_student(base(deployment), 3.0, player, counts))
    assert player.first_frame() is not None, "Play showed no training through the proxy"
    assert (counts.refused, counts.failed, player.warned) == (0, 0, False)

    def mine(rows):
        return [row for row in rows if row[0] not in known]
    rows = mine(wait_for_log(deployment, lambda rows: sum(r[3] == "/gradio_api/queue/join" for r in mine(rows)) >= 3))
    assert len({key for key, *_ in rows}) == 1, "the visitor's first answer set one key, and every request sent it"
    uris = {uri for _, _, _, uri, _ in rows}
    assert {"/config", "/gradio_api/queue/join"} <= uris
    served_by = serve.replicas_by_visitor(deployment.run / "access.log")[rows[0][0]]
    assert len(served_by) == 1 and served_by <= replicas(deployment)


def test_new_visitors_spread_over_both_replicas(deployment):
    keys = []
    for _ in range(24):  # all 24 on one of two replicas at random: p = 2 * 2**-24
        with httpx.Client(base_url=base(deployment), timeout=60) as browser:
            assert browser.get("/gan").is_success  # the page, whose answer sets the cookie
            assert browser.get("/config", params={"page": "gan"}).is_success
            keys.append(browser.cookies["genlab_replica"])
    assert len(set(keys)) == len(keys), "each new visitor gets a key of its own"
    wait_for_log(deployment, lambda rows: sum(r[0] in keys for r in rows) >= 2 * len(keys))
    seen = serve.replicas_by_visitor(deployment.run / "access.log")
    assert all(len(seen[key]) == 1 for key in keys), "both requests of a visitor go to one replica"
    assert set().union(*(seen[key] for key in keys)) == replicas(deployment)


def test_the_classroom_benchmark_plays_through_the_proxy(deployment):
    known = {key for key, *_ in log_lines(deployment)}
    result = on_a_fresh_loop(classroom.run_class(base(deployment), os.getpid(), students=4, sliders=2, seconds=8.0,
                                                 browser=False))
    assert result["errors"] == [] and result["refused"] == 0 and result["failed"] == 0
    assert all(first is not None for first in result["first_frame_s"]), "every student saw training"
    assert all(rate > 0 for rate in result["it_s"]) and result["slider_answers"] > 0
    seen = serve.replicas_by_visitor(deployment.run / "access.log")
    students = {key: where for key, where in seen.items() if key not in known}
    assert len(students) >= 6 and all(len(where) == 1 for where in students.values())


def test_the_image_copies_every_local_module_the_app_imports():
    """deploy/Dockerfile copies the app folder by folder: a new top-level module the app needs must be copied too."""
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text()
    copied = {name for line in re.findall(r"^COPY (.+)$", dockerfile, re.M) for name in line.split()[:-1]}
    assert all((ROOT / name).exists() for name in copied), "the image copies a file that is not there"
    local = {p.stem for p in ROOT.glob("*.py")} | {p.name for p in ROOT.iterdir() if (p / "__init__.py").exists()}
    needed = {"app"}
    for path in [ROOT / "app.py", *ROOT.glob("core/**/*.py"), *ROOT.glob("demos/**/*.py"), *ROOT.glob("deploy/*.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                needed.add(node.module.split(".")[0])
            elif isinstance(node, ast.Import):
                needed |= {alias.name.split(".")[0] for alias in node.names}
    assert needed & local <= {Path(name).stem for name in copied}
    users = re.findall(r"^USER (\S+)", dockerfile, re.M)
    assert users and users[-1] not in ("root", "0") and "HEALTHCHECK" in dockerfile

"""Start-up touches no network: app.py runs with every non-loopback connection refused and logged."""
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Runs app.py with socket.connect / getaddrinfo guarded: anything not on this machine is logged and refused.
GUARD = r"""
import runpy, socket, sys
log = open(sys.argv[1], "a")
LOCAL = ("127.", "::1", "localhost", "0.0.0.0")

def local(host):
    return str(host).startswith(LOCAL)

real_connect, real_getaddrinfo = socket.socket.connect, socket.getaddrinfo

def connect(self, address):
    if isinstance(address, tuple) and not local(address[0]):
        log.write(f"connect {address}\n"); log.flush()
        raise OSError("network disabled by test_offline")
    return real_connect(self, address)

def getaddrinfo(host, *args, **kwargs):
    if host is not None and not local(host):
        log.write(f"resolve {host}\n"); log.flush()
        raise socket.gaierror("network disabled by test_offline")
    return real_getaddrinfo(host, *args, **kwargs)

socket.socket.connect, socket.getaddrinfo = connect, getaddrinfo
sys.argv = ["app.py"]
runpy.run_path("app.py", run_name="__main__")
"""


def test_app_starts_and_serves_pages_without_any_network(tmp_path):
    log = tmp_path / "network.log"
    log.touch()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k not in ("GRADIO_ANALYTICS_ENABLED", "HF_HUB_OFFLINE")}
    env.update(GRADIO_SERVER_PORT=str(port), GRADIO_SERVER_NAME="127.0.0.1")  # the app's own defaults only
    process = subprocess.Popen([sys.executable, "-c", GUARD, str(log)], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        statuses = {}
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and len(statuses) < 2:
            for path in ("", "autoencoder"):
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=2) as response:
                        statuses[path] = response.status
                except OSError:
                    time.sleep(0.2)
        assert statuses == {"": 200, "autoencoder": 200}, process.stdout.read() if process.poll() else statuses
        time.sleep(2)  # give any background thread started at launch the time to try
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert log.read_text() == ""

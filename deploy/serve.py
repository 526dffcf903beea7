"""N replicas of the Gradio app behind nginx with sticky sessions, on one host: `python -m deploy.serve --replicas 2`.

For trying the deployment, and for one 2-vCPU machine (a Space), where two replicas use both cores while one
process is held to about one by Python's lock. Replica i serves app.py on 127.0.0.1 (GRADIO_SERVER_PORT per
replica); nginx listens on --host:--port with deploy/nginx.conf; all stay in the foreground, and Ctrl-C (or
SIGTERM, or any one of them ending) stops them all. One replica serves --host:--port itself, without nginx.
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = Path(__file__).with_name("nginx.conf")
START_SECONDS = 120.0  # the longest a replica may take to open its port


def render(listen: str, replicas: list[int], run: Path, access_log: Path | None = None) -> str:
    """deploy/nginx.conf with its placeholders filled in: nginx on `listen`, replicas on 127.0.0.1:<port>."""
    servers = "\n".join(f"        server 127.0.0.1:{port} max_fails=0;" for port in replicas)
    return Template(TEMPLATE.read_text()).safe_substitute(
        GENLAB_LISTEN=listen, GENLAB_SERVERS=servers, GENLAB_RUN=str(run),
        GENLAB_ACCESS_LOG=f"{access_log} genlab" if access_log else "off")


def replicas_by_visitor(access_log: Path, asked: str | None = None) -> dict[str, set[str]]:
    """From an --access-log: each visitor's key -> the replicas (127.0.0.1:port) that answered its requests;
    only visitors that asked for the path `asked`, if given (e.g. /config: pages opened, not health checks)."""
    seen: dict[str, set[str]] = {}
    keys = set()
    for line in access_log.read_text().splitlines():
        key, _status, _method, uri, upstreams = line.split(" ", 4)
        seen.setdefault(key, set()).update(u for u in upstreams.split(", ") if u != "-")  # tried in turn
        keys |= {key} if uri == asked else set()
    return {key: where for key, where in seen.items() if asked is None or key in keys}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_replica(port: int, host: str = "127.0.0.1", threads: int | None = None) -> subprocess.Popen:
    """`python app.py` on host:port. `threads`: torch's threads (OMP_NUM_THREADS), unless already set."""
    env = {**os.environ, "GRADIO_SERVER_PORT": str(port), "GRADIO_SERVER_NAME": host,
           "GRADIO_ANALYTICS_ENABLED": "False"}
    if threads:
        env.setdefault("OMP_NUM_THREADS", str(threads))
    return subprocess.Popen([sys.executable, str(ROOT / "app.py")], cwd=ROOT, env=env)


def nginx_path() -> str | None:
    """nginx on PATH, or Debian's (/usr/sbin is not on every user's PATH); None if there is none."""
    return shutil.which("nginx") or next((p for p in ["/usr/sbin/nginx"] if os.access(p, os.X_OK)), None)


def start_nginx(conf: Path) -> subprocess.Popen:
    """nginx in the foreground on `conf`, its files under conf's folder (a prefix of its own, no root needed)."""
    nginx = nginx_path()
    if nginx is None:
        raise FileNotFoundError("no nginx (Debian: apt-get install nginx)")
    return subprocess.Popen([nginx, "-p", str(conf.parent), "-c", str(conf), "-e", "stderr", "-g", "daemon off;"])


def wait_for_ports(processes: dict[int, subprocess.Popen], seconds: float = START_SECONDS) -> None:
    """Until each process accepts connections on its port of 127.0.0.1; RuntimeError if one ends or time runs out."""
    waiting, deadline = dict(processes), time.monotonic() + seconds
    while waiting and time.monotonic() < deadline:
        for port, process in list(waiting.items()):
            if process.poll() is not None:
                raise RuntimeError(f"{process.args[0]} ended with code {process.returncode} before opening port {port}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                del waiting[port]
            except OSError:
                pass
        time.sleep(0.2)
    if waiting:
        raise RuntimeError(f"ports {sorted(waiting)} not open within {seconds:.0f} s")


@dataclass
class Deployment:
    """The running replicas and nginx; `stop()` ends them all."""
    port: int
    replicas: dict[int, subprocess.Popen] = field(default_factory=dict)  # port -> process
    nginx: subprocess.Popen | None = None
    run: Path | None = None

    @property
    def processes(self) -> list[subprocess.Popen]:
        return [*self.replicas.values(), *([self.nginx] if self.nginx else [])]

    def stop(self, seconds: float = 30.0) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        deadline = time.monotonic() + seconds
        for process in self.processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def start(replicas: int, port: int, host: str = "127.0.0.1", run: Path | None = None,
          access_log: Path | None = None) -> Deployment:
    """Start `replicas` app processes and nginx on host:port in front of them; -> once all accept connections.
    One replica is served on host:port itself, without nginx."""
    deployment = Deployment(port)
    try:
        if replicas == 1:
            deployment.replicas[port] = start_replica(port, host)
            wait_for_ports(deployment.replicas)
            return deployment
        deployment.run = run = Path(run or tempfile.mkdtemp(prefix="genlab-deploy-"))
        run.mkdir(parents=True, exist_ok=True)
        run.chmod(0o755)  # nginx's workers (user nobody when started as root) create their temp folders here
        threads = max(1, (os.cpu_count() or 1) // replicas)  # N replicas share the cores: no oversubscribed torch
        for each in [free_port() for _ in range(replicas)]:
            deployment.replicas[each] = start_replica(each, threads=threads)
        wait_for_ports(deployment.replicas)  # before nginx: its port open means every replica is ready
        conf = run / "nginx.conf"
        conf.write_text(render(f"{host}:{port}", list(deployment.replicas), run, access_log))
        deployment.nginx = start_nginx(conf)
        wait_for_ports({port: deployment.nginx})
        return deployment
    except BaseException:
        deployment.stop()
        raise


def serve_until_stopped(deployment: Deployment) -> int:
    """Wait until Ctrl-C, SIGTERM or one process ending; stop them all; -> the exit code."""
    try:
        while all(p.poll() is None for p in deployment.processes):
            time.sleep(0.5)
        ended = [p for p in deployment.processes if p.poll() is not None]
        print(f"{ended[0].args[0]} ended (code {ended[0].returncode}): stopping the others", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, SystemExit):
        return 0
    finally:
        deployment.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=int(os.environ.get("GENLAB_REPLICAS", 2)),
                        help="app processes (default: $GENLAB_REPLICAS or 2); 1: app.py alone, no nginx")
    parser.add_argument("--port", type=int, default=int(os.environ.get("GENLAB_PORT", 7860)),
                        help="where visitors connect (default: $GENLAB_PORT or 7860)")
    parser.add_argument("--host", default=os.environ.get("GENLAB_HOST", "127.0.0.1"),
                        help="nginx's address (default: $GENLAB_HOST or 127.0.0.1; 0.0.0.0 in a container)")
    parser.add_argument("--run-dir", type=Path, help="nginx's prefix: conf, pid, temp files (default: a temp folder)")
    parser.add_argument("--access-log", type=Path, help="log each request's visitor key and replica here")
    args = parser.parse_args()
    for each in (signal.SIGINT, signal.SIGTERM):  # Ctrl-C (even where a shell ignored it for us), docker stop
        signal.signal(each, lambda *_: sys.exit(0))  # -> stop everything started so far
    deployment = start(args.replicas, args.port, args.host, args.run_dir, access_log=args.access_log)
    if deployment.nginx:
        print(f"GenLab: {args.replicas} replicas on 127.0.0.1:{','.join(map(str, deployment.replicas))} behind "
              f"nginx on http://{args.host}:{args.port} (conf: {deployment.run / 'nginx.conf'}); Ctrl-C stops them all",
              flush=True)
    sys.exit(serve_until_stopped(deployment))


if __name__ == "__main__":
    main()

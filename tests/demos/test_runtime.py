"""demos/runtime.py: the server's environment defaults and the allocator policy that issue 16's memory figure needs."""
import os
import subprocess
import sys

from tests.conftest import ROOT

PROBE = """
import os
os.environ["OMP_NUM_THREADS"] = "1"
from demos import runtime
print(runtime.prepare(), os.environ["OMP_NUM_THREADS"], os.environ["GRADIO_ANALYTICS_MAX_EVENTS"])
"""


def test_prepare_sets_the_allocator_and_keeps_what_the_environment_already_says():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GRADIO_ANALYTICS", "OMP_"))}
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env={**env, "PYTHONPATH": str(ROOT)},
                         capture_output=True, text=True, check=True).stdout.split()
    took = out[0] == "True"
    assert took or not sys.platform.startswith("linux"), "glibc refused mallopt"
    assert out[1:] == ["1", "1000"]  # a value already set wins; the others get their defaults


def test_both_front_ends_prepare_before_their_framework_loads():
    for name, framework in (("app.py", "import gradio"), ("streamlit_app.py", "import streamlit")):
        text = (ROOT / name).read_text()
        assert text.index("runtime.prepare()") < text.index(framework), name

"""How core runs torch for the small networks that train live: on the calling thread alone."""
from __future__ import annotations

from contextlib import contextmanager

import torch


@contextmanager
def one_thread():
    """Run torch on the calling thread alone, then restore its thread count.

    For networks this small, torch's second thread costs more than it gives. It also spins while a UI
    thread needs the same core: a streaming page drew 1 frame a second instead of 4. The setting is
    per thread, so other threads are unaffected.
    """
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)

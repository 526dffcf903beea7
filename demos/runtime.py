"""What a GenLab server process sets before anything else loads: the environment both front ends read, and the
C allocator's policy. Framework-free; app.py and streamlit_app.py call prepare() first thing.

Why the allocator (issue 16, `python -m benchmarks.visitors`): after 600 visitors came and went, RSS grew 233 MB
with glibc's defaults and 94 MB with the policy below, though live Python objects grew by only ~3 MB (tracemalloc).
The rest was fragmentation: glibc gives each of Gradio's many worker threads an arena of its own (up to 8 per
core), and raises its mmap threshold after large frees, so freed image and tensor buffers stay in heaps that
`malloc_trim` cannot return whole. Two arenas and a fixed 256 kB threshold (large buffers are mmapped and
unmapped on free) keep what departed visitors used from staying with the process.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os

M_MMAP_THRESHOLD, M_ARENA_MAX = -3, -8  # mallopt's parameter numbers (glibc's malloc.h)
ARENAS = 2
MMAP_THRESHOLD = 256 << 10

ENVIRONMENT = {
    "GRADIO_ANALYTICS_ENABLED": "False",  # no phoning home: the lab runs offline
    "OMP_NUM_THREADS": "2",  # the free Space tier has 2 vCPU; read when torch loads
    # Gradio 6.31 rebuilds a pandas table of its last 10,000 events after each event (queueing.py, for
    # /monitoring): a class's hot spot, and a leak. At most 1,000 kept, summarised once per 1,000 events.
    "GRADIO_ANALYTICS_MAX_EVENTS": "1000",
    "GRADIO_ANALYTICS_CACHE_FREQUENCY": "1000",
}


def prepare() -> bool:
    """Set ENVIRONMENT's defaults (a value already set wins) and the allocator's policy; -> whether glibc took it
    (False on a C library without mallopt, such as macOS's, where nothing changes)."""
    for name, value in ENVIRONMENT.items():
        os.environ.setdefault(name, value)
    try:
        mallopt = ctypes.CDLL(ctypes.util.find_library("c") or None).mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(M_ARENA_MAX, ARENAS)) and bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD))

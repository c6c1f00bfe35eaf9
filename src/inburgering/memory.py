"""Keep freed memory in the process for reuse: a start-up setting for large evaluations, called by the command
line and the benchmarks. Results never depend on it; without glibc it does nothing.

Why: glibc hands a freed block back to the kernel when it is large (above a threshold that starts at 128 KiB,
so every array of more than 16k numbers) or when the free space at the top of the heap exceeds the trim
threshold. An evaluation in blocks frees and allocates arrays of the same sizes over and over, so that memory
comes back from the kernel as fresh pages, and on a VM that returns freed pages to its host every fresh page
costs a page fault. Measured on 1M persons (docs/performance.md): the first evaluation's kernel time went
from 0.34-0.49 s to 0.20-0.29 s, a warm evaluation's from 0.03-0.07 s to about 0.

The price: memory once used stays with the process until it ends (its peak stays its resident size), which
suits a command that evaluates and exits. Large arrays (above 32 MiB, e.g. the event tables' columns) are
still mapped and returned as before; NumPy still asks for transparent huge pages for its arrays of 4 MiB and
more.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

M_TRIM_THRESHOLD = -1  # glibc's mallopt parameter numbers (malloc.h)
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 32 * 1024 * 1024  # glibc's maximum on 64-bit systems
TRIM_THRESHOLD = 1024 * 1024 * 1024


def keep_freed_memory() -> bool:
    """Ask glibc to keep freed blocks up to 32 MiB and up to 1 GiB of free heap for reuse; whether it took."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc (musl has no mallopt)
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD))

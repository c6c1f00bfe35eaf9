"""The start-up memory setting takes where glibc is, and is harmless where it is not."""

from __future__ import annotations

import platform
import sys

from inburgering.memory import keep_freed_memory


def test_keeping_freed_memory_takes_exactly_on_linux_with_glibc():
    glibc = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"
    assert keep_freed_memory() is glibc
    assert keep_freed_memory() is glibc  # calling it again (every command does) changes nothing

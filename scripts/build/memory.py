"""Freed memory given back to the system between language builds.

A language build allocates and frees hundreds of megabytes of page text.
CPython returns freed blocks to glibc's allocator, which keeps most of them
for later instead of giving them back, so the process's resident memory only
grows from one language to the next, and is at its highest when the last
language's Pagefind run starts beside it (the build's peak: both together).
glibc's ``malloc_trim`` hands the free memory back; elsewhere (musl, macOS)
there is nothing to call and nothing happens.
"""
from __future__ import annotations

import ctypes
import ctypes.util
from functools import lru_cache


@lru_cache(maxsize=None)
def _malloc_trim():
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):
        return None


def release() -> None:
    """Give the allocator's free memory back to the system, where the C library can."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)

"""Deep trees without a stack overflow: recursion continues in a fresh thread.

The walks recurse once per directory level. Python's recursion limit (1,000 frames by
default) is counted per thread, and so is the C stack, so a walk that is
:data:`HOP` levels deeper than where its thread started goes on in a new thread, with
a stack of its own, and the caller waits for it. Shallow trees never pay more than a
comparison per directory; a tree 3,000 levels deep takes a dozen threads, one after
another. (Docker itself stops where a path no longer fits in ``PATH_MAX``.)
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

HOP = 200
"""Directory levels walked in one thread before the walk goes on in a fresh one."""
_STACK_SIZE = 16 * 1024 * 1024
"""Bytes of stack for each fresh thread (HOP levels use far less)."""


def fresh_stack(function: Callable[..., T], *args: object) -> T:
    """``function(*args)`` run in a new thread with a stack and a recursion count of its own;
    returns what it returns, raises what it raises."""
    results: list[T] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            results.append(function(*args))
        except BaseException as exc:  # handed to the caller's thread
            errors.append(exc)

    previous = threading.stack_size(_STACK_SIZE)
    try:
        thread = threading.Thread(target=run, name="ignoregen-deep", daemon=True)
        thread.start()
    finally:
        threading.stack_size(previous)
    thread.join()
    if errors:
        raise errors[0]
    return results[0]

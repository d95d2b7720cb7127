"""Memoisation for long-lived processes (`mkdocs serve` rebuilds in the same process).

A rebuild after one edited file should not parse, check or draw the other 999 pathways again.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from functools import wraps
from typing import Any, TypeVar

R = TypeVar("R")


def per_object(maxsize: int = 8192) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Cache fn(obj, *args) by the identity of obj (models are immutable but not hashable).

    The entry keeps obj alive, so its id cannot be reused by another object while cached.
    """

    def decorate(fn: Callable[..., R]) -> Callable[..., R]:
        entries: OrderedDict[tuple[int, tuple[Hashable, ...]], tuple[Any, R]] = OrderedDict()

        @wraps(fn)
        def wrapper(obj: Any, *args: Hashable) -> R:
            key = (id(obj), args)
            hit = entries.get(key)
            if hit is not None and hit[0] is obj:
                entries.move_to_end(key)
                return hit[1]
            value = fn(obj, *args)
            entries[key] = (obj, value)
            if len(entries) > maxsize:
                entries.popitem(last=False)
            return value

        return wrapper

    return decorate

"""Memoisation by object identity, for models that are immutable but not hashable.

An IdentityMemo lives as long as its owner (the site plugin across `mkdocs serve` rebuilds), never
longer: there is no module-level cache.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

R = TypeVar("R")


class IdentityMemo(Generic[R]):
    """fn(obj, *args) cached by the identity of obj and the (hashable) other arguments.

    An entry keeps obj alive, so its id cannot be reused by another object while it is cached.
    """

    def __init__(self, fn: Callable[..., R], maxsize: int = 8192) -> None:
        self._fn = fn
        self._maxsize = maxsize
        self._entries: OrderedDict[tuple[int, tuple[Hashable, ...]], tuple[Any, R]] = OrderedDict()

    def __call__(self, obj: Any, *args: Hashable) -> R:
        key = (id(obj), args)
        hit = self._entries.get(key)
        if hit is not None and hit[0] is obj:
            self._entries.move_to_end(key)
            return hit[1]
        value = self._fn(obj, *args)
        self._entries[key] = (obj, value)
        if len(self._entries) > self._maxsize:
            self._entries.popitem(last=False)
        return value

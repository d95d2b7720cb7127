"""Read one YAML file strictly and remember where every value stands.

PyYAML's own loader keeps the last of two duplicate keys, expands aliases (the "billion laughs"
attack) and forgets line numbers. This reader composes the node tree, refuses anchors, aliases,
duplicate keys and deep nesting, and builds plain Python data with a map from each value's path
(keys and list indices) to its line and column, so later errors can point to the line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

MAX_BYTES = 512 * 1024
MAX_DEPTH = 40

Loc = tuple[str | int, ...]
Position = tuple[int, int]


class YamlInputError(Exception):
    def __init__(self, message: str, line: int = 1, col: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col


@dataclass
class YamlDocument:
    data: Any
    positions: dict[Loc, Position] = field(default_factory=dict)
    key_positions: dict[Loc, Position] = field(default_factory=dict)

    def locate(self, loc: Loc, *, key: bool = False) -> Position:
        """Line and column of the value at loc, or of its nearest ancestor that exists."""
        if key and loc in self.key_positions:
            return self.key_positions[loc]
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.positions:
                return self.positions[loc[:end]]
        return (1, 1)


def _mark(mark: yaml.Mark | None) -> Position:
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


class _StrictLoader(yaml.SafeLoader):
    """Composes nodes but refuses anchors, aliases and nesting beyond MAX_DEPTH."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise YamlInputError("YAML-aliasser (*navn) er ikke tilladt; skriv værdien ud", *_mark(event.start_mark))
        if getattr(event, "anchor", None):
            raise YamlInputError("YAML-ankre (&navn) er ikke tilladt; skriv værdien ud", *_mark(event.start_mark))
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise YamlInputError(f"for dyb indlejring (over {MAX_DEPTH} niveauer)", *_mark(event.start_mark))
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"


class _Builder:
    def __init__(self, loader: _StrictLoader) -> None:
        self.loader = loader
        self.doc = YamlDocument(data=None)

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        self.doc.positions[loc] = _mark(node.start_mark)
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP_TAG:
                raise YamlInputError(f"YAML-mærket {node.tag} er ikke tilladt", *_mark(node.start_mark))
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise YamlInputError("en nøgle skal være en simpel tekst", *_mark(key_node.start_mark))
                key = key_node.value
                if key in result:
                    first = self.doc.key_positions[(*loc, key)][0]
                    raise YamlInputError(
                        f"nøglen '{key}' står to gange (første gang i linje {first})", *_mark(key_node.start_mark)
                    )
                self.doc.key_positions[(*loc, key)] = _mark(key_node.start_mark)
                result[key] = self.build(value_node, (*loc, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ_TAG:
                raise YamlInputError(f"YAML-mærket {node.tag} er ikke tilladt", *_mark(node.start_mark))
            return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
        return self.loader.construct_object(node)


def parse_yaml(text: str) -> YamlDocument:
    """Parse YAML text; raise YamlInputError with a line and column on any problem."""
    try:
        loader = _StrictLoader(text)
    except yaml.reader.ReaderError as exc:  # a control character, found before parsing starts
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise YamlInputError(f"tegnet U+{exc.character:04X} er ikke tilladt i YAML", line, col) from None
    try:
        node = loader.get_single_node()
        if node is None:
            raise YamlInputError("filen er tom")
        builder = _Builder(loader)
        builder.doc.data = builder.build(node, ())
        return builder.doc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "ugyldig YAML"
        raise YamlInputError(f"YAML-syntaksfejl: {problem}", *_mark(mark)) from None
    except yaml.YAMLError as exc:
        raise YamlInputError(f"YAML-fejl: {exc}") from None
    finally:
        loader.dispose()


def read_yaml(path: Path) -> YamlDocument:
    """Read a file with the size and encoding checks, then parse it."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise YamlInputError(f"kan ikke læse filen: {exc.strerror}") from None
    if len(raw) > MAX_BYTES:
        raise YamlInputError(f"filen er for stor ({len(raw)} byte; højst {MAX_BYTES})")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlInputError("filen er ikke gyldig UTF-8", line, col) from None
    return parse_yaml(text.removeprefix("\ufeff"))

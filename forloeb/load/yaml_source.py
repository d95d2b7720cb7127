"""Read one YAML file strictly and remember where every value stands.

PyYAML's own loader keeps the last of two duplicate keys, expands aliases (the "billion laughs"
attack) and forgets line numbers. This reader works on the parser's events, refuses anchors,
aliases, duplicate keys and deep nesting, and builds plain Python data with a map from each
value's path (keys and list indices) to its line and column, so later errors can point to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from forloeb.load.files import InputFileError, read_input_file
from forloeb.load.plaintext import first_hidden

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


# libyaml's C parser when PyYAML has it (it makes loading a thousand pathways several times faster).
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_STR_TAG = "tag:yaml.org,2002:str"
# First characters of plain scalars that may resolve to another type than str ('' is null); the
# resolver has no wildcard entry (key None) for the safe loader, so other plain scalars are str.
_IMPLICIT_FIRST_CHARS = frozenset(_Loader.yaml_implicit_resolvers)
assert None not in _IMPLICIT_FIRST_CHARS, "a wildcard implicit resolver would make every scalar need resolving"


_SCALAR = yaml.ScalarEvent
_SEQUENCE_END = yaml.SequenceEndEvent
_MAPPING_END = yaml.MappingEndEvent


class _Builder:
    """Builds plain data from the parser's events, refusing what pathway files must not contain.

    Working on events rather than on a composed node tree means an alias is refused before it is
    ever expanded, and the nesting depth is checked before recursing.
    """

    def __init__(self, loader: Any) -> None:
        self.loader = loader
        self.doc = YamlDocument(data=None)

    # Reading events is most of the time spent on a large catalog: each event is taken once with
    # get_event (no check/peek before it), its class compared by identity (the C parser makes exactly
    # these classes), and the common case, a plain scalar, goes first.
    def value(self, loc: Loc, depth: int, event: Any) -> Any:
        if type(event) is _SCALAR and event.anchor is None and depth <= MAX_DEPTH:
            mark = event.start_mark
            self.doc.positions[loc] = (mark.line + 1, mark.column + 1)
            return self.scalar(event)
        return self.node(loc, depth, event)

    def node(self, loc: Loc, depth: int, event: Any) -> Any:
        if isinstance(event, yaml.AliasEvent):
            raise YamlInputError("YAML-aliasser (*navn) er ikke tilladt; skriv værdien ud", *_mark(event.start_mark))
        if getattr(event, "anchor", None):
            raise YamlInputError("YAML-ankre (&navn) er ikke tilladt; skriv værdien ud", *_mark(event.start_mark))
        if depth > MAX_DEPTH:
            raise YamlInputError(f"for dyb indlejring (over {MAX_DEPTH} niveauer)", *_mark(event.start_mark))
        self.doc.positions[loc] = _mark(event.start_mark)
        if isinstance(event, yaml.ScalarEvent):
            return self.scalar(event)
        if isinstance(event, yaml.SequenceStartEvent):
            self.require_default_tag(event, _SEQ_TAG)
            return self.sequence(loc, depth)
        if isinstance(event, yaml.MappingStartEvent):
            self.require_default_tag(event, _MAP_TAG)
            return self.mapping(loc, depth)
        raise YamlInputError("uventet YAML-struktur", *_mark(event.start_mark))

    def sequence(self, loc: Loc, depth: int) -> list[Any]:
        items: list[Any] = []
        get_event, value = self.loader.get_event, self.value
        while type(event := get_event()) is not _SEQUENCE_END:
            items.append(value((*loc, len(items)), depth + 1, event))
        return items

    def mapping(self, loc: Loc, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        get_event, value, key_positions = self.loader.get_event, self.value, self.doc.key_positions
        while type(key_event := get_event()) is not _MAPPING_END:
            if type(key_event) is not _SCALAR or key_event.anchor is not None:
                raise YamlInputError("en nøgle skal være en simpel tekst", *_mark(key_event.start_mark))
            key = key_event.value
            key_loc = (*loc, key)
            if key in result:
                first = key_positions[key_loc][0]
                raise YamlInputError(
                    f"nøglen '{key}' står to gange (første gang i linje {first})", *_mark(key_event.start_mark)
                )
            mark = key_event.start_mark
            key_positions[key_loc] = (mark.line + 1, mark.column + 1)
            result[key] = value(key_loc, depth + 1, get_event())
        return result

    def scalar(self, event: yaml.ScalarEvent) -> Any:
        tag, value = event.tag, event.value
        if event.style == '"':  # only a double-quoted escape such as "\u202e" writes what the file does not show
            self.refuse_hidden(value, event)
        if tag is None or tag == "!":
            # Most scalars are text: quoted, or plain with a first character that no implicit type
            # (number, bool, null, date) starts with. They skip PyYAML's resolver and constructor,
            # which otherwise take most of the time spent reading a pathway.
            if not event.implicit[0] or value[:1] not in _IMPLICIT_FIRST_CHARS:
                return value
            tag = self.loader.resolve(yaml.ScalarNode, value, event.implicit)
            if tag == _STR_TAG:  # a word such as "nej" or "tapning": its first letter could have begun a bool
                return value
        elif tag not in self.loader.yaml_constructors:
            raise YamlInputError(f"YAML-mærket {tag} er ikke tilladt", *_mark(event.start_mark))
        node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
        return self.loader.construct_object(node)

    @staticmethod
    def refuse_hidden(value: str, event: yaml.ScalarEvent) -> None:
        hidden = first_hidden(value)
        if hidden is not None:
            line, col = _mark(event.start_mark)
            raise YamlInputError(f"{hidden.message} (det står som escape-sekvens i den citerede tekst)", line, col)

    @staticmethod
    def require_default_tag(event: yaml.CollectionStartEvent, default: str) -> None:
        if event.tag not in (None, "!", default):
            raise YamlInputError(f"YAML-mærket {event.tag} er ikke tilladt", *_mark(event.start_mark))


def parse_yaml(text: str) -> YamlDocument:
    """Parse YAML text; raise YamlInputError with a line and column on any problem."""
    hidden = first_hidden(text)  # anywhere, comments included: a reviewer reads them too
    if hidden is not None:
        raise YamlInputError(hidden.message, hidden.line, hidden.col)
    loader = None
    try:
        loader = _Loader(text)
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            raise YamlInputError("filen er tom")
        loader.get_event()  # document start
        builder = _Builder(loader)
        builder.doc.data = builder.value((), 0, loader.get_event())
        loader.get_event()  # document end
        if not loader.check_event(yaml.StreamEndEvent):
            raise YamlInputError("filen må kun indeholde ét YAML-dokument", *_mark(loader.peek_event().start_mark))
        return builder.doc
    except yaml.reader.ReaderError as exc:  # a control character, found before parsing
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise YamlInputError(f"tegnet U+{exc.character:04X} er ikke tilladt i YAML", line, col) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "ugyldig YAML"
        raise YamlInputError(f"YAML-syntaksfejl: {problem}", *_mark(mark)) from None
    except yaml.YAMLError as exc:
        raise YamlInputError(f"YAML-fejl: {exc}") from None
    finally:
        if loader is not None:
            loader.dispose()


def read_yaml(path: Path) -> YamlDocument:
    """Read a file (a regular file, not a symbolic link) with the size and encoding checks, then parse it."""
    try:
        raw = read_input_file(path, MAX_BYTES)
    except InputFileError as exc:
        raise YamlInputError(exc.message) from None
    return decode_yaml(raw)


def decode_yaml(raw: bytes) -> YamlDocument:
    """Parse the bytes of a file (from disk or from git) with the size and encoding checks."""
    if len(raw) > MAX_BYTES:
        raise YamlInputError(f"filen er for stor ({len(raw)} byte; højst {MAX_BYTES})")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlInputError("filen er ikke gyldig UTF-8", line, col) from None
    return parse_yaml(text.removeprefix("\ufeff"))

"""Load one YAML file into a model; every problem becomes `path:line:col: message`."""

from __future__ import annotations

import datetime
import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from forloeb.load.problems import ModelProblem, Problem, Severity
from forloeb.load.yaml_source import YamlDocument, YamlInputError, decode_yaml, read_yaml

M = TypeVar("M", bound=BaseModel)


@dataclass
class Loaded(Generic[M]):
    path: Path
    display: str
    model: M | None
    doc: YamlDocument | None
    problems: list[Problem] = field(default_factory=list)

    def problem(
        self, loc: tuple[str | int, ...], message: str, *, key: bool = False, severity: Severity = "fejl"
    ) -> Problem:
        line, col = self.doc.locate(loc, key=key) if self.doc else (1, 1)
        return Problem(self.display, line, col, message, severity)

    def locate(self, found: ModelProblem) -> Problem:
        """A problem found in the model, at the line of this file it comes from."""
        return self.problem(found.loc, found.message, severity=found.severity)


def display_path(path: Path) -> str:
    """The path as an editor sees it: relative to the working directory when inside it. A symbolic link is
    named by its own path, not by what it points to."""
    try:
        return str((path.parent.resolve() / path.name).relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load(path: Path, model: type[M], display: str | None = None) -> Loaded[M]:
    """Read and validate one file; every problem (unreadable, bad YAML, invalid) is in the result."""
    display = display or display_path(path)
    return _load(path, display, lambda: read_yaml(path), model)


def load_bytes(raw: bytes, path: Path, display: str, model: type[M]) -> Loaded[M]:
    """Load a file's content held in memory, e.g. from a git revision; display names it in problems."""
    return _load(path, display, lambda: decode_yaml(raw), model)


def _load(path: Path, display: str, read: Callable[[], YamlDocument], model: type[M]) -> Loaded[M]:
    try:
        doc = read()
    except YamlInputError as exc:
        return Loaded(path, display, None, None, [Problem(display, exc.line, exc.col, exc.message)])
    loaded: Loaded[M] = Loaded(path, display, None, doc)
    if not isinstance(doc.data, dict):
        loaded.problems.append(loaded.problem((), "filen skal være en mapping (nøgle: værdi) på øverste niveau"))
        return loaded
    try:
        loaded.model = model.model_validate(doc.data)
    except ValidationError as exc:
        loaded.problems.extend(_problem(loaded, err, model) for err in exc.errors())
    return loaded


def _problem(loaded: Loaded[Any], err: ErrorDetails, model: type[BaseModel]) -> Problem:
    loc = tuple(err["loc"])
    kind = err["type"]
    where = ".".join(str(part) for part in loc) or "filen"
    if kind == "extra_forbidden":
        key = str(loc[-1])
        hint = difflib.get_close_matches(key, _field_names(model), n=1)
        suggestion = f"; mente du '{hint[0]}'?" if hint else ""
        return loaded.problem(loc, f"ukendt nøgle '{key}'{suggestion}", key=True)
    if kind == "missing":
        return loaded.problem(
            loc[:-1], f"mangler påkrævet nøgle '{loc[-1]}' (i {'.'.join(map(str, loc[:-1])) or 'filen'})"
        )
    return loaded.problem(loc, f"{where}: {_message(err)}")


def _message(err: ErrorDetails) -> str:
    kind, ctx = err["type"], err.get("ctx", {})
    got = err.get("input")
    danish = {
        "string_type": f"skal være tekst, ikke {_yaml_kind(got)}",
        "string_pattern_mismatch": f"har ikke det tilladte format ({ctx.get('pattern')})",
        "literal_error": f"skal være en af {ctx.get('expected')}",
        "list_type": f"skal være en liste, ikke {_yaml_kind(got)}",
        "model_type": f"skal være en mapping med nøgler, ikke {_yaml_kind(got)}",
        "dict_type": f"skal være en mapping med nøgler, ikke {_yaml_kind(got)}",
        "bool_type": "skal være true eller false",
        "bool_parsing": "skal være true eller false",
        "int_type": "skal være et heltal",
        "int_parsing": "skal være et heltal",
        "int_from_float": "skal være et heltal",
        "float_type": "skal være et tal",
        "float_parsing": "skal være et tal",
        "date_type": "skal være en dato på formen ÅÅÅÅ-MM-DD",
        "date_parsing": "skal være en dato på formen ÅÅÅÅ-MM-DD",
        "date_from_datetime_parsing": "skal være en dato på formen ÅÅÅÅ-MM-DD",
        "date_from_datetime_inexact": "skal være en dato på formen ÅÅÅÅ-MM-DD, uden klokkeslæt",
        "too_short": f"skal have mindst {ctx.get('min_length')} element(er)",
        "greater_than": f"skal være større end {ctx.get('gt')}",
        "greater_than_equal": f"skal være mindst {ctx.get('ge')}",
        "less_than_equal": f"må højst være {ctx.get('le')}",
        "string_too_long": f"må højst være {ctx.get('max_length')} tegn",
    }
    if kind in danish:
        return danish[kind]
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    return err["msg"]


def _yaml_kind(value: object) -> str:
    names = {
        bool: "true/false",
        int: "et tal",
        float: "et tal",
        str: "tekst",
        list: "en liste",
        dict: "en mapping",
        datetime.date: "en dato",
        datetime.datetime: "et tidspunkt",
    }
    return "tom værdi" if value is None else names.get(type(value), type(value).__name__)


@cache
def _field_names(model: type[BaseModel]) -> tuple[str, ...]:
    """Every field name in the model and its nested models, for 'did you mean' hints."""
    return tuple(sorted({name for cls in nested_models(model) for name in cls.model_fields}))


def nested_models(model: type[BaseModel]) -> list[type[BaseModel]]:
    """The model and every model reachable through its fields' annotations, each once."""
    seen: list[type[BaseModel]] = []

    def walk(cls: type[BaseModel]) -> None:
        if cls not in seen:
            seen.append(cls)
            for info in cls.model_fields.values():
                for sub in _models_in(info.annotation):
                    walk(sub)

    walk(model)
    return seen


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in getattr(annotation, "__args__", ()) for m in _models_in(arg)]

"""The code's shape: the plugin owns all state, the domain knows nothing of MkDocs, layers import downwards."""

from __future__ import annotations

import ast
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from macros.plugin import ForloebPlugin
from tests.factories import ROOT

PACKAGES = ("forloeb", "macros")
MUTATING_METHODS = {
    "append",
    "extend",
    "insert",
    "update",
    "setdefault",
    "pop",
    "popitem",
    "clear",
    "add",
    "discard",
    "remove",
    "move_to_end",
    "appendleft",
}
EMPTY_CONTAINERS = {"dict", "list", "set", "OrderedDict", "defaultdict", "deque", "WeakValueDictionary", "Counter"}

# What each part of the domain may import from the others: data flows one way,
# model -> load -> (diagram | overlap | history) -> (d4import | scaffold), and nothing below imports what is above.
# Small helpers at the top of forloeb/ that import nothing of the domain: any layer may use them.
UTILITIES = {
    "forloeb.atomic",
    "forloeb.code_digest",
    "forloeb.danish",
    "forloeb.errors",
    "forloeb.memo",
    "forloeb.gc_pause",
    "forloeb.forked",
}
LAYERS: dict[str, set[str]] = {
    "forloeb.model": {"forloeb.model"} | UTILITIES,
    "forloeb.load": {"forloeb.model", "forloeb.load"} | UTILITIES,
    "forloeb.diagram": {"forloeb.model", "forloeb.diagram"} | UTILITIES,
    "forloeb.overlap": {"forloeb.model", "forloeb.load", "forloeb.overlap"} | UTILITIES,
    "forloeb.history": {"forloeb.model", "forloeb.load", "forloeb.history"} | UTILITIES,
    "forloeb.d4import": {"forloeb.model", "forloeb.load", "forloeb.overlap", "forloeb.d4import"} | UTILITIES,
}


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def imported(tree: ast.Module) -> set[str]:
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
            out |= {f"{node.module}.{a.name}" for a in node.names}
    return out


def module_level_names(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in tree.body:
        targets = (
            node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        )
        names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return names


def local_names(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    names = {a.arg for a in [*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs]}
    names |= {n.id for n in ast.walk(fn) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    return names


def mutable_stores(path: Path) -> list[str]:
    """Module-level state that outlives a build: `global`, empty containers at module level, and
    module-level names mutated inside functions."""
    tree = parse(path)
    found = []
    for node in tree.body:
        value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
        empty = isinstance(value, ast.Dict | ast.List | ast.Set) and not getattr(
            value, "keys", getattr(value, "elts", [])
        )
        called = (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Name | ast.Attribute)
            and (value.func.id if isinstance(value.func, ast.Name) else value.func.attr) in EMPTY_CONTAINERS
        )
        if empty or called:
            found.append(f"{path.name}:{node.lineno}: an empty container at module level")
    shared = module_level_names(tree)
    for fn in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)):
        own = local_names(fn)
        for node in ast.walk(fn):
            if isinstance(node, ast.Global):
                found.append(f"{path.name}:{node.lineno}: global {', '.join(node.names)}")
            target = None
            if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store | ast.Del):
                target = node.value
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                target = node.func.value if node.func.attr in MUTATING_METHODS else None
            if isinstance(target, ast.Name) and target.id in shared and target.id not in own:
                found.append(f"{path.name}:{node.lineno}: module-level {target.id} changed in {fn.name}()")
    return found


@pytest.mark.parametrize("package", PACKAGES)
def test_no_module_level_mutable_state(package: str) -> None:
    found = [finding for path in modules(package) for finding in mutable_stores(path)]
    assert found == [], "state belongs to the plugin object, not to a module:\n" + "\n".join(found)


def test_the_state_check_finds_what_it_looks_for(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "CACHE = {}\nSEEN: list[int] = []\nTABLE = {'a': 1}\n_serving = False\n"
        "def f(x):\n    global _serving\n    _serving = True\n    TABLE[x] = 2\n    TABLE.update(b=3)\n"
        "def g(TABLE):\n    TABLE.clear()\n",
        encoding="utf-8",
    )
    assert mutable_stores(sample) == [
        "sample.py:1: an empty container at module level",
        "sample.py:2: an empty container at module level",
        "sample.py:6: global _serving",
        "sample.py:8: module-level TABLE changed in f()",
        "sample.py:9: module-level TABLE changed in f()",
    ]


def test_the_domain_knows_nothing_of_mkdocs() -> None:
    for path in modules("forloeb"):
        bad = {m for m in imported(parse(path)) if m.split(".")[0] in ("mkdocs", "material", "macros", "jinja2")}
        assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


@pytest.mark.parametrize("layer", sorted(LAYERS))
def test_each_layer_imports_only_what_lies_below_it(layer: str) -> None:
    allowed = LAYERS[layer]
    for path in modules(layer.replace(".", "/")):
        ours = {m for m in imported(parse(path)) if m.startswith("forloeb.")}
        bad = {m for m in ours if not any(m == a or m.startswith(a + ".") for a in allowed)}
        assert not bad, f"{module_name(path)} imports {sorted(bad)}"


def test_the_utilities_import_nothing_of_the_domain() -> None:
    for name in UTILITIES:
        ours = {m for m in imported(parse(ROOT / f"{name.replace('.', '/')}.py")) if m.startswith("forloeb.")}
        assert not ours, f"{name} imports {sorted(ours)}"


def test_no_import_cycles_in_the_domain() -> None:
    graph = {module_name(p): imported(parse(p)) for p in modules("forloeb")}
    graph = {m: {d for d in deps if d in graph and d != m} for m, deps in graph.items()}
    done: set[str] = set()

    def visit(m: str, path: tuple[str, ...]) -> None:
        assert m not in path, "import cycle: " + " -> ".join([*path[path.index(m) :], m])
        if m in done:
            return
        for d in graph[m]:
            visit(d, (*path, m))
        done.add(m)

    for m in graph:
        visit(m, ())


def test_pip_install_registers_the_plugin_under_its_name() -> None:
    (entry,) = [e for e in entry_points(group="mkdocs.plugins") if e.name == "forloeb"]
    assert entry.load() is ForloebPlugin
    assert "- forloeb:" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "hooks:" not in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")

"""The package's import graph: no cycle, and the layers only import downwards.

Every import is counted, at module level or inside a function, except those under
``if TYPE_CHECKING:`` (they never run)."""

from __future__ import annotations

import ast
from pathlib import Path

import apportion

ROOT = Path(apportion.__file__).parent

# Bottom to top; a module may import its own layer's modules and any layer below.
LAYERS = ("engine", "law", "model", "io", "decide", "portfolio", "report", "service", "cli")
# The one upward edge, on purpose: a Decision renders itself in a notebook through the
# HTML presenter (imported inside its _repr_html_, so only when a notebook asks). The
# presenters import the Decision's classes only for type checking, so this is no cycle.
ALLOWED_UP = {("apportion.model.decision", "apportion.report.html")}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports(path: Path, modules: set[str]) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {
        id(n)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and _type_checking(node)
        for n in ast.walk(node)
    }
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            # `from package import module` depends on the module, not on the package's
            # __init__ (which may itself import its modules).
            names = {f"{base}.{a.name}" for a in node.names}
            found.update(names & modules)
            if names - modules:
                found.add(base)
    return {name for name in found if name in modules and name != here}


def graph() -> dict[str, set[str]]:
    files = {module_name(p): p for p in ROOT.rglob("*.py")}
    return {name: imports(path, set(files)) for name, path in files.items()}


def _layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else None


def test_graph_is_read() -> None:
    edges = graph()
    assert "apportion.model.decision" in edges["apportion.decide.decision"]
    assert "apportion.report.format" in edges["apportion.report.text"]
    # Imports inside functions count; those under TYPE_CHECKING do not.
    assert "apportion.report.html" in edges["apportion.model.decision"]
    assert "apportion.model.decision" not in edges["apportion.report.text"]


def test_no_import_cycle() -> None:
    edges = graph()
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for dep in sorted(edges[name]):
            if state.get(dep) == 1:
                cycles.append([*path[path.index(dep) :], dep] if dep in path else [name, dep])
            elif dep not in state:
                visit(dep, [*path, dep])
        state[name] = 2

    for name in sorted(edges):
        if name not in state:
            visit(name, [name])
    # A package's __init__ importing its own submodules is not a cycle unless they import it.
    assert cycles == []


def test_layers_import_only_downwards() -> None:
    wrong = []
    for module, deps in graph().items():
        mine = _layer(module)
        for dep in deps:
            theirs = _layer(dep)
            if mine is None or theirs is None or (module, dep) in ALLOWED_UP:
                continue
            if theirs > mine:
                wrong.append(f"{module} -> {dep}")
    assert wrong == []


def test_presenters_import_nothing_that_computes() -> None:
    computing = ("apportion.engine", "apportion.law", "apportion.decide", "apportion.io")
    wrong = [
        f"{module} -> {dep}"
        for module, deps in graph().items()
        if module.startswith("apportion.report.") and module != "apportion.report.rulebook"
        for dep in deps
        if dep.startswith(computing)
    ]
    assert wrong == []

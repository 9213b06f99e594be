"""No import circle in ``framing/`` or ``benchmarks/``.

Arrows point down: from the shells (CLI, engines, report, benchmarks) to the scoring core to the
data. The graph is read from the source with :mod:`ast`, every import statement counted wherever
it stands (module level, inside a function, under ``if TYPE_CHECKING``), relative imports
resolved; ``from package import name`` leads to ``package.name`` when that is a module, else to
the package. Benchmarks are scripts run with ``benchmarks/`` on ``sys.path``, so a bare
``import throughput`` there means ``benchmarks/throughput.py``.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("framing", "benchmarks")


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(root: Path = ROOT) -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            found[module_name(path, root)] = path
    return found


def _is_module(name: str, known: dict[str, Path]) -> bool:
    return name in known or f"benchmarks.{name}" in known


def _resolve(name: str, known: dict[str, Path]) -> str | None:
    """The longest known module that ``name`` is, or lies in."""
    if name.split(".")[0] not in PACKAGES:
        name = f"benchmarks.{name}"  # a script's sibling, found through sys.path
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The project's modules that ``name`` (at ``path``) imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    package = name if is_package else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package.split(".") if package else []
                if node.level > 1:
                    base_parts = base_parts[: len(base_parts) - (node.level - 1)]
                base = ".".join(base_parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            names = [f"{base}.{alias.name}" for alias in node.names if alias.name != "*"]
            targets = [t for t in names if _is_module(t, known)]
            if len(targets) < len(names) or not names:
                targets.append(base)  # names defined in the package (or module) itself
        for target in targets:
            resolved = _resolve(target, known)
            if resolved is not None and resolved != name:
                out.add(resolved)
    return out


def graph(root: Path = ROOT) -> dict[str, set[str]]:
    known = modules(root)
    return {name: imports_of(name, path, known) for name, path in known.items()}


def cycles(g: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan), each with one circle
    through it spelled out."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = 0

    def visit(v: str) -> None:
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(g.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(g):
        if v not in index:
            visit(v)
    return [_circle(g, group) for group in groups]


def _circle(g: dict[str, set[str]], group: list[str]) -> list[str]:
    """One path from the group's first module back to itself, inside the group."""
    members, start = set(group), group[0]
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        nxt = []
        for v in frontier:
            for w in sorted(g[v] & members):
                if w == start:
                    return paths[v] + [start]
                if w not in paths:
                    paths[w] = paths[v] + [w]
                    nxt.append(w)
        frontier = nxt
    return group


def test_no_import_circle():
    found = cycles(graph())
    assert not found, "import circles:\n" + "\n".join(" -> ".join(c) for c in found)


def test_the_walk_sees_every_kind_of_import(tmp_path):
    # a circle through a relative, a function-level, a parent-relative and a script import
    files = {
        "framing/__init__.py": "",
        "framing/a.py": "from .b import thing\n",
        "framing/b.py": "def f():\n    from .sub import c\n",
        "framing/sub/__init__.py": "",
        "framing/sub/c.py": "from .. import a\n",
        "benchmarks/x.py": "from y import run\n",
        "benchmarks/y.py": "def g():\n    import x\n",
        "benchmarks/z.py": "import framing.a\n",
    }
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    g = graph(tmp_path)
    assert g["framing.sub.c"] == {"framing.a"}
    assert g["benchmarks.z"] == {"framing.a"}
    found = {frozenset(c) for c in cycles(g)}
    assert found == {frozenset({"framing.a", "framing.b", "framing.sub.c"}),
                     frozenset({"benchmarks.x", "benchmarks.y"})}
    (tmp_path / "framing/sub/c.py").write_text("import json\n")
    (tmp_path / "benchmarks/y.py").write_text("import framing\n")
    assert cycles(graph(tmp_path)) == []


def test_nothing_below_the_cli_imports_it():
    g = graph()
    offenders = sorted(f"{m} -> {t}" for m, targets in g.items() for t in targets
                       if t.startswith("framing.cli") and m.startswith("framing")
                       and not m.startswith("framing.cli"))
    assert not offenders, "the CLI is a shell; nothing in the library imports it:\n" + "\n".join(offenders)


def test_the_report_and_the_core_never_import_an_engine():
    g = graph()
    engines = {"framing.dask", "framing.parallel"}
    offenders = sorted(f"{m} -> {t}" for m, targets in g.items() for t in targets & engines
                       if m.startswith("framing.report") or m == "framing.pipeline")
    assert not offenders, "\n".join(offenders)

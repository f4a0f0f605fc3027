"""The layers hold: no import runs up the layers, regimes import only the regimes the table allows, and no
modules import one another in a circle.

Layers, bottom up: core ← geo ← accounts ← registry (with `web`, its officer UI and the shared shell) ←
regimes ← reports ← project wiring. Every import counts, at the top of a module or inside a function: a
function-level import is still a dependency, only a later one. Where a lower layer must show or start
something a higher app owns, the higher app registers it in `ansinh.core.extensions` from its `ready()`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "ansinh"

CORE, GEO, ACCOUNTS, REGISTRY, REGIMES, REPORTS, PROJECT = range(7)

LAYER = {
    "core": CORE,
    "geo": GEO,
    "accounts": ACCOUNTS,
    "registry": REGISTRY,
    "web": REGISTRY,
    "documents": REGISTRY,  # the document kit the regimes and reports print with
    "poverty": REGIMES,
    "benefits": REGIMES,
    "merit": REGIMES,
    "payments": REGIMES,
    "programmes": REGIMES,
    "labour": REGIMES,
    "unemployment": REGIMES,
    "jobboard": REGIMES,
    "reports": REPORTS,
    # Record linkage re-points a person's records in every regime, so it sits above them.
    "linkage": REPORTS,
}

# Which regimes a regime may import. The graph must stay acyclic:
# - payments pays benefit enrolments, so it reads benefits (entitlements, law, enrolments);
# - labour reads the benefits law table (the regional minimum wage is a legal parameter);
# - unemployment builds on the labour market (seekers, placements stop the benefit) and the benefits law
#   and rules machinery;
# - jobboard is the public face of labour's vacancies and employers;
# - benefits reads a household's poverty status on a date (social assistance, the social pension);
# - merit builds on the benefits law and rules machinery, reads the poverty status (living standard) and
#   the payment lines of its regime (spending, non-cash share);
# - programmes checks registry facts, enrolments, seekers and claims, and pays one-off lines through payments.
# benefits imports no other regime but poverty: the unemployment calculator and the payment lines of a
# person's history reach it through `core.extensions`.
ALLOWED_REGIMES: dict[str, set[str]] = {
    "poverty": set(),
    "benefits": {"poverty"},
    "merit": {"benefits", "payments", "poverty"},
    "programmes": {"benefits", "payments", "poverty", "labour", "unemployment"},
    "payments": {"benefits"},
    "labour": {"benefits"},
    "unemployment": {"benefits", "labour"},
    "jobboard": {"labour"},
}


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if "migrations" in parts:
            continue  # generated; they name other apps' migrations, not their code
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _imports(name: str, path: Path) -> list[tuple[str, int]]:
    """(imported ansinh module, line) for every import in the file, relative ones resolved."""
    is_package = path.name == "__init__.py"
    parts = name.split(".")
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = parts if is_package else parts[:-1]
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            for alias in node.names:
                # `from pkg import submodule` depends on the submodule; `from mod import name` on mod.
                sub = f"{module}.{alias.name}"
                found.append((sub if sub in MODULES else module, node.lineno))
    return [(target, line) for target, line in found if target == "ansinh" or target.startswith("ansinh.")]


def _app(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYER else None


def _layer(module: str) -> int:
    app = _app(module)
    return LAYER[app] if app else PROJECT  # ansinh.urls, ansinh.api, ansinh.settings, ansinh.wsgi…


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {name: set() for name in MODULES}
    for name, path in MODULES.items():
        for target, _line in _imports(name, path):
            while target not in MODULES and "." in target:
                target = target.rsplit(".", 1)[0]  # `import ansinh.x.y.z` of a name inside a module
            if target != name and target in MODULES:
                graph[name].add(target)
    return graph


def _violations() -> list[str]:
    found: list[str] = []
    for name, path in MODULES.items():
        app, layer = _app(name), _layer(name)
        for target, line in _imports(name, path):
            where = f"{path.relative_to(SRC) if path.is_relative_to(SRC) else path}:{line} imports {target}"
            target_app, target_layer = _app(target), _layer(target)
            if target_layer > layer:
                found.append(f"{where} (a higher layer)")
            elif (
                layer == REGIMES
                and target_layer == REGIMES
                and app != target_app
                and target_app not in ALLOWED_REGIMES[app or ""]
            ):
                found.append(f"{where} (a regime {app} may not import)")
    return list(dict.fromkeys(found))


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (iterative Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(sorted(component))
    return components


def test_every_app_has_a_layer():
    apps = {p.parent.name for p in PACKAGE.glob("*/apps.py")}
    assert apps <= set(LAYER), f"put the new app in a layer: {sorted(apps - set(LAYER))}"
    assert set(ALLOWED_REGIMES) == {app for app, layer in LAYER.items() if layer == REGIMES}


def test_allowed_regime_imports_are_acyclic():
    assert not _cycles({app: set(targets) for app, targets in ALLOWED_REGIMES.items()})


def test_no_import_runs_up_the_layers():
    assert _violations() == []


def test_no_import_cycles():
    assert _cycles(_graph()) == []


def test_app_graph_is_acyclic():
    apps: dict[str, set[str]] = {}
    for name, targets in _graph().items():
        if _app(name) is None:
            continue
        apps.setdefault(_app(name) or "", set()).update(
            t for t in (_app(target) for target in targets) if t and t != _app(name)
        )
    assert _cycles(apps) == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from ansinh.reports.sources import Computed\n", "a higher layer"),
        ("from ansinh.payments import models\n", "may not import"),
        ("def f():\n    from ansinh.unemployment import rules\n", "may not import"),
    ],
)
def test_the_check_catches_an_upward_or_forbidden_import(tmp_path, monkeypatch, source, expected):
    bad = tmp_path / "bad.py"
    bad.write_text(source, encoding="utf-8")
    monkeypatch.setitem(MODULES, "ansinh.benefits.bad", bad)
    assert any(expected in v for v in _violations())


def test_the_check_catches_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]

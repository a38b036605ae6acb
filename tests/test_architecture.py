"""The layering of DESIGN.md §2: imports only point down, and nothing below ui/ imports
streamlit. Imports by string (``importlib.import_module("…")``, ``__import__("…")``, also with
the name in a module constant or a loop over a tuple of names) count as imports. ``perf/``
measures the layers from outside: it may import any of them below ui/, never ui/ or the tests."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ORDER = ["ui", "reports", "benchmarks", "assessment", "questionnaires"]
# perf/dashboard.py times the dashboard page as its first analyst meets it: after the server's
# warm-up, which it waits for on ui.warmup.done (the one event that says the warm-up is over)
PERF_READS_UI = {"perf/dashboard.py": {"ui"}}


def _strings(node: ast.AST | None) -> set[str]:
    """The string literals of a constant, or of a tuple or list of them."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.Tuple | ast.List):
        return {e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
    return set()


def _imports_by_string(call: ast.Call) -> bool:
    """``importlib.import_module(…)``, ``import_module(…)`` or ``__import__(…)``."""
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr == "import_module"
    return isinstance(func, ast.Name) and func.id in {"import_module", "__import__"}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    # what a name can hold: module-level constants and the tuples a for loop walks
    held: dict[str, set[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    held.setdefault(target.id, set()).update(_strings(node.value))
        elif isinstance(node, ast.For | ast.comprehension) and isinstance(node.target, ast.Name):
            iterated = _strings(node.iter)
            if isinstance(node.iter, ast.Name):
                iterated = held.get(node.iter.id, set())
            held.setdefault(node.target.id, set()).update(iterated)
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and _imports_by_string(node) and node.args:
            arg = node.args[0]
            names = held.get(arg.id, set()) if isinstance(arg, ast.Name) else _strings(arg)
            found.update(name.split(".")[0] for name in names)
    return found


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", ORDER[1:])
def test_core_never_imports_streamlit(package):
    offenders = [str(p.relative_to(ROOT)) for p in modules(package) if "streamlit" in imports_of(p)]
    assert offenders == []


@pytest.mark.parametrize("package", ORDER)
def test_imports_only_point_down(package):
    above = set(ORDER[: ORDER.index(package)]) | {"app", "cli", "perf", "tests"}
    offenders = {
        str(p.relative_to(ROOT)): sorted(imports_of(p) & above) for p in modules(package) if imports_of(p) & above
    }
    assert offenders == {}


def test_perf_imports_below_ui_only():
    offenders = {}
    for p in modules("perf"):
        name = str(p.relative_to(ROOT))
        wrong = imports_of(p) & ({"ui", "tests", "app", "cli"} - PERF_READS_UI.get(name, set()))
        if wrong:
            offenders[name] = sorted(wrong)
    assert offenders == {}


def test_imports_by_string_are_seen(tmp_path):
    source = tmp_path / "m.py"
    source.write_text(
        "import importlib\n"
        "from importlib import import_module\n"
        "MODULES = ('ui.charts', 'benchmarks.dashboard')\n"
        "importlib.import_module('reports.text')\n"
        "__import__('cli')\n"
        "import_module('tests.support')\n"
        "for name in MODULES:\n"
        "    importlib.import_module(name)\n"
        "for other in ('app', 'perf.run'):\n"
        "    importlib.import_module(other)\n",
        "utf-8",
    )
    assert imports_of(source) == {"importlib", "reports", "cli", "tests", "ui", "benchmarks", "app", "perf"}

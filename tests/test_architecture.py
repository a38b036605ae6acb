"""The layering of DESIGN.md §2: imports only point down, and nothing below ui/ imports
streamlit."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ORDER = ["ui", "reports", "benchmarks", "assessment", "questionnaires"]


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", ORDER[1:])
def test_core_never_imports_streamlit(package):
    offenders = [str(p.relative_to(ROOT)) for p in modules(package) if "streamlit" in imports_of(p)]
    assert offenders == []


@pytest.mark.parametrize("package", ORDER)
def test_imports_only_point_down(package):
    above = set(ORDER[: ORDER.index(package)]) | {"app", "cli"}
    offenders = {
        str(p.relative_to(ROOT)): sorted(imports_of(p) & above) for p in modules(package) if imports_of(p) & above
    }
    assert offenders == {}

"""demo/ is the top layer: it may import every app, and nothing outside demo/ and tests/ imports it."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ALLOWED = {"demo", "tests"}


def modules_outside_demo_and_tests():
    for entry in sorted(ROOT.iterdir()):
        if entry.name in ALLOWED or entry.name.startswith(".") or entry.name.endswith(".egg-info"):
            continue  # .venv, .git and the like hold no project code
        if entry.is_dir():
            yield from sorted(entry.rglob("*.py"))
        elif entry.suffix == ".py":
            yield entry


def imports_of_demo(path):
    """(line, module) of every import of demo or a module in it."""
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module]
        else:
            continue
        yield from ((node.lineno, name) for name in names if name == "demo" or name.startswith("demo."))


def test_no_module_outside_demo_and_tests_imports_demo():
    checked = list(modules_outside_demo_and_tests())
    found = [f"{path.relative_to(ROOT)}:{line} imports {name}"
             for path in checked for line, name in imports_of_demo(path)]

    assert ROOT / "orders" / "calculator.py" in checked  # the walk reaches the apps
    assert found == []


def test_the_check_sees_an_import_of_demo(tmp_path):
    module = tmp_path / "module.py"
    module.write_text("import demo.seed\nfrom demo.factories.orders import PurchaseOrderFactory\nimport demography\n")

    assert list(imports_of_demo(module)) == [(1, "demo.seed"), (2, "demo.factories.orders")]

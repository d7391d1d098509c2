"""The apps import one way, nothing hides an import in a function, and no two modules import each other.

Every .py file of every app is parsed with `ast` (nothing is imported), and:

1. An app imports only from itself and the apps below it in LAYERS. The composition root
   (`csrportal/settings.py`, `csrportal/urls.py`) wires the apps together and may import any app.
2. Imports are at module level. The exceptions are the places where Django wants them late: an
   AppConfig's `ready()` in apps.py, and migrations.
3. No cycle between modules: following the imports from any module never comes back to it.

README.md ("Architecture") and docs/architecture.md draw LAYERS; the last test checks that
they draw them as they are here. tests/ and bench/ are not apps and may import anything.
"""
import ast
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Bottom first: an app may import the apps before it in this list, never those after it.
LAYERS = ["csrportal", "catalog", "customers", "orders", "carts", "subscriptions", "fulfilment", "demo"]

# Where the project is put together: these name every app and stand outside the layers.
COMPOSITION_ROOT = {"csrportal.settings", "csrportal.urls"}

DIAGRAM = "  <-  ".join(LAYERS)


@dataclass(frozen=True)
class Import:
    importer: str  # dotted module name of the file the import is in
    target: str  # the module imported (for `from x import y`: x.y when y is a module, else x)
    line: int
    nested_in: str | None  # the function or class the import sits in; None at module level
    allowed_late: bool  # nested where Django wants it: an AppConfig.ready() or a migration


def app_of(module: str) -> str:
    return module.split(".")[0]


def apps_on_disk() -> list[str]:
    return sorted(path.parent.name for path in ROOT.glob("*/apps.py"))


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def app_files() -> dict[str, Path]:
    files = {}
    for app in apps_on_disk():
        for path in sorted((ROOT / app).rglob("*.py")):
            files[module_name(path)] = path
    return files


def _absolute(module: str | None, level: int, importer: str, is_package: bool) -> str:
    """`from ..x import y` inside `importer`, as the absolute name of x."""
    if not level:
        return module or ""
    base = importer.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join(base + ([module] if module else []))


def _known(name: str, modules: set[str]) -> str:
    """The longest prefix of `name` that is one of our modules, or `name` when none is (third party)."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        if ".".join(parts[:end]) in modules:
            return ".".join(parts[:end])
    return name


def imports_of(module: str, path: Path, modules: set[str]) -> list[Import]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []

    def visit(node, scope: list[ast.AST]):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                targets = []
                if isinstance(child, ast.Import):
                    targets = [_known(alias.name, modules) for alias in child.names]
                else:
                    source = _absolute(child.module, child.level, module, path.name == "__init__.py")
                    for alias in child.names:
                        submodule = f"{source}.{alias.name}"
                        targets.append(submodule if submodule in modules else _known(source, modules))
                holder = scope[-1] if scope else None
                allowed = ".migrations." in f".{module}." or (
                    path.name == "apps.py" and isinstance(holder, ast.FunctionDef) and holder.name == "ready"
                    and len(scope) == 2 and isinstance(scope[0], ast.ClassDef))
                for target in dict.fromkeys(targets):
                    found.append(Import(module, target, child.lineno, holder.name if holder else None, allowed))
            inner = scope + [child] if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)) else scope
            visit(child, inner)

    visit(tree, [])
    return found


def all_imports() -> list[Import]:
    files = app_files()
    modules = set(files)
    return [found for module, path in files.items() for found in imports_of(module, path, modules)]


def test_every_app_has_its_place_in_the_layers():
    unplaced = [app for app in apps_on_disk() if app not in LAYERS]
    assert not unplaced, (
        f"{', '.join(unplaced)}: not in LAYERS in tests/test_architecture.py. Put each app where its imports "
        "go (it may import only the apps below it), and draw it in README.md and docs/architecture.md.")


def test_apps_import_only_from_their_own_layer_and_below():
    wrong = []
    for found in all_imports():
        importer_app, target_app = app_of(found.importer), app_of(found.target)
        if target_app not in LAYERS or target_app == importer_app or found.importer in COMPOSITION_ROOT:
            continue
        if LAYERS.index(target_app) > LAYERS.index(importer_app):
            below = LAYERS[: LAYERS.index(importer_app)]
            wrong.append(f"{found.importer} (line {found.line}) imports {found.target}: {importer_app} may import only "
                         f"{', '.join(below) or 'Django, third-party packages and itself'}")
    assert not wrong, "Imports against the layers (" + DIAGRAM + "):\n" + "\n".join(wrong)


def test_imports_are_at_module_level():
    hidden = [f"{found.importer} (line {found.line}) imports {found.target} inside {found.nested_in}()"
              for found in all_imports() if found.nested_in and not found.allowed_late]
    assert not hidden, (
        "Imports inside a function or class (move them to the top of the module; if that makes a cycle, the "
        "code is in the wrong module. Only AppConfig.ready() and migrations may import late):\n" + "\n".join(hidden))


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), plus self-imports."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def connect(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for neighbour in sorted(graph.get(node, ())):
            if neighbour not in index:
                connect(neighbour)
                low[node] = min(low[node], low[neighbour])
            elif neighbour in on_stack:
                low[node] = min(low[node], index[neighbour])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph.get(node, ()):
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return found


def _path_round(component: list[str], graph: dict[str, set[str]]) -> str:
    """One way round the cycle, for the message: a -> b -> a."""
    start, members = component[0], set(component)
    paths, queue = {start: [start]}, [start]
    while queue:
        node = queue.pop(0)
        for neighbour in sorted(graph[node] & members):
            if neighbour == start:
                return " -> ".join(paths[node] + [start])
            if neighbour not in paths:
                paths[neighbour] = paths[node] + [neighbour]
                queue.append(neighbour)
    return " <-> ".join(component)


def test_no_module_imports_itself_round_a_cycle():
    modules = set(app_files())
    graph = defaultdict(set)
    for found in all_imports():
        if found.target in modules and not found.allowed_late:
            graph[found.importer].add(found.target)
    cycles = [_path_round(component, graph) for component in _cycles(graph)]
    assert not cycles, "Import cycles (one of the modules holds code that belongs in another):\n" + "\n".join(cycles)


def test_the_readme_and_the_architecture_doc_draw_these_layers():
    for doc in ("README.md", "docs/architecture.md"):
        assert DIAGRAM in (ROOT / doc).read_text(), f"{doc} should draw the layers as LAYERS has them: {DIAGRAM}"


def test_the_checks_see_a_wrong_import(tmp_path):
    """The checks themselves: a nested import, a relative import, `from package import module`, a cycle."""
    (tmp_path / "orders").mkdir()
    source = tmp_path / "orders" / "views.py"
    source.write_text("from . import models\nfrom .models import Order\n\n"
                      "def view():\n    from carts.models import Cart\n")
    found = imports_of("orders.views", source, {"orders.models", "orders.views", "carts.models"})
    assert [(item.target, item.line, item.nested_in) for item in found] == [
        ("orders.models", 1, None), ("orders.models", 2, None), ("carts.models", 5, "view")]
    graph = {"carts.views": {"carts.operations"}, "carts.operations": {"carts.views"}, "orders.models": set()}
    assert [_path_round(cycle, graph) for cycle in _cycles(graph)] == ["carts.operations -> carts.views -> carts.operations"]

import ast
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
APPS_AND_PACKAGES = ("config", "accounts", "competitions", "scoring", "discussions", "baselines", "benchmarks")


def test_platform_folder_is_not_a_package():
    assert not (REPO_ROOT / "platform" / "__init__.py").exists()
    assert not list((REPO_ROOT / "platform").rglob("*.py"))


def test_stdlib_platform_not_shadowed():
    import platform

    assert platform.system()  # AttributeError when a local package shadows the standard library


def test_no_package_takes_a_standard_library_name():
    assert not set(APPS_AND_PACKAGES) & set(sys.stdlib_module_names)


def test_scoring_imports_no_django():
    offenders = [
        path.relative_to(REPO_ROOT).as_posix()
        for path in (REPO_ROOT / "scoring").rglob("*.py")
        if "import django" in path.read_text() or "from django" in path.read_text()
    ]
    assert offenders == []


def _imports_of(package: str) -> str:
    return "\n".join(path.read_text() for path in (REPO_ROOT / package).rglob("*.py"))


def test_dependencies_point_one_way():
    for app in ("accounts", "competitions", "discussions"):
        assert f"from {app}" not in _imports_of("scoring") and f"import {app}" not in _imports_of("scoring")
    assert "from discussions" not in _imports_of("competitions")


def _python_files(package: str):
    return [path for path in (REPO_ROOT / package).rglob("*.py") if "migrations" not in path.parts]


def _app_of(module: str) -> str:
    return module.split(".", 1)[0]


def _module_of(path: Path, root: Path) -> str:
    return ".".join(path.relative_to(root).with_suffix("").parts).removesuffix(".__init__")


def _absolute(node: ast.ImportFrom, path: Path, root: Path) -> str:
    """The module an ``from ... import`` names, with a relative one resolved against ``path``."""
    if not node.level:
        return node.module or ""
    package = _module_of(path, root).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    base = package[: len(package) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def private_imports(path: Path, root: Path = REPO_ROOT) -> list[str]:
    """``_private`` names ``path`` takes from another app: imported by name, or read off a module it imported."""
    tree = ast.parse(path.read_text(), filename=str(path))
    app = _app_of(_module_of(path, root))
    found, foreign_modules = [], set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and _app_of(source := _absolute(node, path, root)) != app:
            for alias in node.names:
                if _private(alias.name):
                    found.append(f"from {source} import {alias.name}")
                elif _app_of(source) in APPS_AND_PACKAGES:
                    foreign_modules.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if _app_of(alias.name) in APPS_AND_PACKAGES and _app_of(alias.name) != app:
                    foreign_modules.add(alias.asname or alias.name)
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and _private(node.attr) and isinstance(node.value, ast.Name)
                and node.value.id in foreign_modules):
            found.append(f"{node.value.id}.{node.attr}")
    return found


def imported_modules(path: Path, root: Path = REPO_ROOT) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    modules = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    return modules | {_absolute(node, path, root) for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}


def test_the_platform_does_not_import_the_reference_solutions():
    """competitions/ runs without baselines/: the demo data arrives as bundles, the trivial rows as uploads."""
    offenders = {
        path.relative_to(REPO_ROOT).as_posix(): sorted(module for module in imported_modules(path)
                                                       if _app_of(module) == "baselines")
        for path in _python_files("competitions")
    }
    assert {path: modules for path, modules in offenders.items() if modules} == {}


def test_no_module_takes_a_private_name_from_another_app():
    offenders = {
        path.relative_to(REPO_ROOT).as_posix(): names
        for package in APPS_AND_PACKAGES
        for path in _python_files(package)
        if (names := private_imports(path))
    }
    assert offenders == {}


def test_the_layout_checks_see_what_they_look_for(tmp_path):
    """The two checks above, run on made-up modules, so that a blind check cannot pass them."""
    (tmp_path / "discussions").mkdir()
    module = tmp_path / "discussions" / "probe.py"
    module.write_text("from competitions.kaggle_compat import methods\nfrom baselines.trivial import TRIVIAL\n"
                      "from competitions.views import _competition_or_404\nimport competitions.views as views\n"
                      "methods._slug({})\nviews._frame\nfrom .selectors import _own_private\n")

    assert sorted(private_imports(module, tmp_path)) == ["from competitions.views import _competition_or_404",
                                                         "methods._slug", "views._frame"]
    assert {"baselines.trivial", "discussions.selectors"} <= imported_modules(module, tmp_path)

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

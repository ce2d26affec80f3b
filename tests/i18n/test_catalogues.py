"""The project's catalogues are complete and current: every msgid of the six locale/ folders has a Korean
translation that is not fuzzy, each .po holds exactly the msgids makemessages extracts from today's source, and
each .mo says what its .po says (compiled again with msgfmt and read back with Python's gettext)."""

import gettext
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from .catalogues import po_files, read_po

ROOT = Path(settings.BASE_DIR)
LANGUAGES = ["ko", "en"]
# The catalogues are made with `manage.py makemessages -l ko -l en --ignore='.venv*' --ignore=var
# --ignore=node_modules` at the root: the same ignores here (virtualenvs, runtime files).
IGNORED = [".venv*", "var", "node_modules"]
SOURCE_SUFFIXES = {".py", ".html", ".txt"}


def _relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("path", po_files("ko"), ids=_relative)
def test_every_msgid_has_a_korean_translation_that_is_not_fuzzy(path):
    assert path.exists(), f"{_relative(path)} is missing: run makemessages -l ko"
    entries = [entry for entry in read_po(path) if not entry.obsolete]
    untranslated = [entry.msgid for entry in entries if not entry.translated]
    fuzzy = [entry.msgid for entry in entries if "fuzzy" in entry.flags]
    assert not untranslated, f"{len(untranslated)} untranslated in {_relative(path)}:\n" + "\n".join(untranslated)
    assert not fuzzy, f"{len(fuzzy)} fuzzy in {_relative(path)}:\n" + "\n".join(fuzzy)
    header = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert "#, fuzzy" not in header, f"{_relative(path)}: the header is still marked fuzzy"


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> dict[Path, set]:
    """{committed .po: msgid keys} as makemessages extracts them today, run on a copy of the source tree (same
    command, same ignores) so that the committed catalogues stay untouched."""
    copy = tmp_path_factory.mktemp("source")
    shutil.copytree(ROOT, copy, dirs_exist_ok=True, ignore=_not_source)
    locale_paths = [copy / Path(folder).relative_to(ROOT) for folder in settings.LOCALE_PATHS]
    for folder in locale_paths:
        folder.mkdir(parents=True, exist_ok=True)
    cwd = os.getcwd()
    try:
        os.chdir(copy)
        with override_settings(LOCALE_PATHS=locale_paths):
            call_command("makemessages", locale=LANGUAGES, ignore_patterns=IGNORED, verbosity=0)
    finally:
        os.chdir(cwd)
    result = {}
    for language in LANGUAGES:
        for folder in settings.LOCALE_PATHS:
            fresh = copy / Path(folder).relative_to(ROOT) / language / "LC_MESSAGES" / "django.po"
            committed = Path(folder) / language / "LC_MESSAGES" / "django.po"
            result[committed] = {entry.key for entry in read_po(fresh)} if fresh.exists() else set()
    return result


def _not_source(folder: str, names: list[str]) -> set[str]:
    top = Path(folder) == ROOT
    ignored = {".git", "__pycache__", "node_modules", "locale"} | ({"var"} if top else set())
    return {name for name in names
            if name in ignored or name.startswith(".venv")
            or (Path(folder, name).is_file() and Path(name).suffix not in SOURCE_SUFFIXES)}


@pytest.mark.parametrize("path", [p for language in LANGUAGES for p in po_files(language)], ids=_relative)
def test_each_po_holds_the_msgids_of_todays_source(path, extracted):
    committed = {entry.key for entry in read_po(path) if not entry.obsolete} if path.exists() else set()
    missing, stale = extracted[path] - committed, committed - extracted[path]
    assert not missing and not stale, (
        f"{_relative(path)} is out of date with the source: run makemessages -l ko -l en.\n"
        f"not yet in the catalogue: {sorted(m[1] for m in missing)}\nno longer in the source: "
        f"{sorted(s[1] for s in stale)}")


def _catalog(mo: Path) -> dict:
    with mo.open("rb") as handle:
        catalog = dict(gettext.GNUTranslations(handle)._catalog)
    catalog.pop("", None)  # the header: its dates differ without any message changing
    return catalog


@pytest.mark.parametrize("path", [p for language in LANGUAGES for p in po_files(language)], ids=_relative)
def test_each_mo_says_what_its_po_says(path, tmp_path):
    mo = path.with_suffix(".mo")
    assert mo.exists(), f"{_relative(mo)} is missing: run compilemessages"
    fresh = tmp_path / "fresh.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(fresh), str(path)], check=True)
    assert _catalog(mo) == _catalog(fresh), f"{_relative(mo)} is stale against its .po: run compilemessages"

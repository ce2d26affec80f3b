import os
import stat
import zipfile
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from competitions import bundles
from competitions.bundles import BundleError, bundle_load
from competitions.models import Competition, DataFile, Solution

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def demo_host(host):
    return host


def _files_on_disk() -> set[str]:
    roots = [Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_ROOT)]
    return {str(p) for root in roots if root.exists() for p in root.rglob("*") if p.is_file()}


def _edit_config(bundle: Path, **changes) -> None:
    config = yaml.safe_load((bundle / "competition.yaml").read_text())
    for key, value in changes.items():
        if value is None:
            config.pop(key, None)
        else:
            config[key] = value
    (bundle / "competition.yaml").write_text(yaml.safe_dump(config))


def _zip(bundle: Path, target: Path, extra: dict[str, bytes] | None = None, symlinks: dict[str, str] | None = None):
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(bundle.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(bundle).as_posix())
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
        for name, link_target in (symlinks or {}).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, link_target)
    return target


def _assert_rejected(path: Path, message: str, **kwargs) -> None:
    files_before = _files_on_disk()
    with pytest.raises(BundleError, match=message):
        bundle_load(path, **kwargs)
    assert Competition.objects.count() == 0
    assert DataFile.objects.count() == 0
    assert Solution.objects.count() == 0
    assert _files_on_disk() == files_before


def test_it_loads_the_demo_bundle_from_a_folder(bundle_dir):
    competition = bundle_load(bundle_dir)

    assert competition.slug == "playground-weather"
    assert competition.hosts.get().username == "host"
    assert sorted(competition.data_files.values_list("name", flat=True)) == [
        "meta.csv", "sample_submission.csv", "test.csv", "train.csv"]
    assert competition.data_files.get(is_sample_submission=True).name == "sample_submission.csv"
    assert competition.solution.rows == 400
    assert 150 < competition.solution.public_rows < 250
    assert "Welcome to the playground" in competition.overview
    assert competition.daily_submission_limit == 5 and competition.max_team_size == 3


def test_it_loads_a_zip_whose_files_sit_in_one_top_folder(bundle_dir, tmp_path):
    archive = tmp_path / "bundle.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        for path in bundle_dir.rglob("*"):
            if path.is_file():
                handle.write(path, "playground/" + path.relative_to(bundle_dir).as_posix())

    competition = bundle_load(archive)

    assert competition.data_files.count() == 4


def test_it_keeps_the_solution_out_of_the_public_media_folder(bundle_dir):
    competition = bundle_load(bundle_dir)

    solution_path = Path(competition.solution.file.path)
    assert Path(settings.PRIVATE_ROOT) in solution_path.parents
    assert Path(settings.MEDIA_ROOT) not in solution_path.parents


def test_it_rejects_missing_keys(bundle_dir):
    _edit_config(bundle_dir, metric=None, title=None)
    _assert_rejected(bundle_dir, "missing required key\\(s\\): title, metric")


def test_it_rejects_an_unknown_metric(bundle_dir):
    _edit_config(bundle_dir, metric="accuracy")
    _assert_rejected(bundle_dir, "Unknown metric 'accuracy'; known metrics: macro_f1, map_at_k, rouge")


def test_it_rejects_unknown_keys(bundle_dir):
    _edit_config(bundle_dir, daily_limit=3)
    _assert_rejected(bundle_dir, "unknown key\\(s\\): daily_limit")


def test_it_rejects_invalid_yaml(bundle_dir):
    (bundle_dir / "competition.yaml").write_text("slug: [unclosed\n")
    _assert_rejected(bundle_dir, "competition.yaml is not valid YAML")


def test_it_rejects_path_traversal_in_an_archive(bundle_dir, tmp_path):
    archive = _zip(bundle_dir, tmp_path / "evil.zip", extra={"data/../../../etc/evil.txt": b"x"})
    _assert_rejected(archive, "points outside the bundle \\(path traversal\\)")


def test_it_rejects_absolute_paths_in_an_archive(bundle_dir, tmp_path):
    archive = _zip(bundle_dir, tmp_path / "evil.zip", extra={"/etc/evil.txt": b"x"})
    _assert_rejected(archive, "points outside the bundle")


def test_it_rejects_symlinks_in_a_folder(bundle_dir):
    os.symlink("/etc/passwd", bundle_dir / "data" / "passwd.csv")
    _assert_rejected(bundle_dir, "'data/passwd.csv' is a symbolic link")


def test_it_rejects_symlinks_in_an_archive(bundle_dir, tmp_path):
    archive = _zip(bundle_dir, tmp_path / "link.zip", symlinks={"data/passwd.csv": "/etc/passwd"})
    _assert_rejected(archive, "'data/passwd.csv' is a symbolic link")


def test_it_rejects_an_archive_over_the_size_cap(bundle_dir, tmp_path):
    archive = _zip(bundle_dir, tmp_path / "big.zip")
    _assert_rejected(archive, "over the bundle size cap of 1,000 bytes", max_bytes=1000)


def test_it_rejects_an_archive_that_unpacks_over_the_size_cap(bundle_dir, tmp_path):
    archive = _zip(bundle_dir, tmp_path / "bomb.zip", extra={"data/zeros.bin": b"\0" * 2_000_000})
    assert archive.stat().st_size < 1_000_000
    _assert_rejected(archive, "unpacks to more than the bundle size cap", max_bytes=1_000_000)


def test_it_rejects_solution_ids_that_do_not_match_the_sample_submission(bundle_dir):
    sample = bundle_dir / "data" / "sample_submission.csv"
    lines = sample.read_text().splitlines()
    sample.write_text("\n".join([*lines[:-1], "ffffffff,0"]) + "\n")
    missing_id = lines[-1].split(",")[0]
    _assert_rejected(bundle_dir, f"1 id\\(s\\) only in the solution \\(e.g. {missing_id}\\); "
                                 "1 id\\(s\\) only in the sample submission \\(e.g. ffffffff\\)")


def test_it_rejects_a_solution_the_scorer_cannot_read(bundle_dir):
    (bundle_dir / "solution.csv").write_text("ID,label\na,1\n")
    _assert_rejected(bundle_dir, "Solution file:")


def test_it_rejects_a_missing_solution_file(bundle_dir):
    (bundle_dir / "solution.csv").unlink()
    _assert_rejected(bundle_dir, "Solution file 'solution.csv' is named in competition.yaml but is not in the bundle")


def test_it_rejects_a_solution_inside_the_public_data_folder(bundle_dir):
    (bundle_dir / "solution.csv").rename(bundle_dir / "data" / "solution.csv")
    _edit_config(bundle_dir, solution="data/solution.csv")
    _assert_rejected(bundle_dir, "inside the public data folder")


def test_it_rejects_an_end_before_the_start(bundle_dir):
    _edit_config(bundle_dir, timeline={"start": "2026-05-01", "end": "2026-04-01"})
    _assert_rejected(bundle_dir, "end_at: The end must come after the start")


def test_it_rejects_an_unparseable_date(bundle_dir):
    _edit_config(bundle_dir, timeline={"start": "next tuesday", "end": "+3 days"})
    _assert_rejected(bundle_dir, "timeline.start: 'next tuesday' is not a date-time")


def test_it_rejects_unknown_hosts(bundle_dir):
    _edit_config(bundle_dir, hosts=["host", "nobody"])
    _assert_rejected(bundle_dir, "Host account\\(s\\) not found: nobody")


def test_it_rejects_a_missing_page(bundle_dir):
    (bundle_dir / "rules.md").unlink()
    _assert_rejected(bundle_dir, "Page 'rules' 'rules.md' is named in competition.yaml but is not in the bundle")


def test_it_rejects_a_slug_that_exists(bundle_dir):
    bundle_load(bundle_dir)
    with pytest.raises(BundleError, match="slug 'playground-weather' already exists"):
        bundle_load(bundle_dir)
    assert Competition.objects.count() == 1


def test_it_leaves_nothing_behind_when_a_write_fails_midway(bundle_dir, monkeypatch):
    def broken_solution_set(**kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(bundles, "solution_set", broken_solution_set)
    files_before = _files_on_disk()
    with pytest.raises(OSError, match="disk full"):
        bundle_load(bundle_dir)
    assert Competition.objects.count() == 0 and DataFile.objects.count() == 0
    assert _files_on_disk() == files_before


def test_load_competition_command_reports_the_problem(bundle_dir):
    _edit_config(bundle_dir, metric="accuracy")
    with pytest.raises(CommandError, match="Bundle rejected: Unknown metric 'accuracy'"):
        call_command("load_competition", str(bundle_dir))
    assert Competition.objects.count() == 0


def test_it_rejects_a_slug_the_kaggle_cli_paths_use(bundle_dir):
    _edit_config(bundle_dir, slug="submissions")
    _assert_rejected(bundle_dir, "slug: 'submissions' is reserved")

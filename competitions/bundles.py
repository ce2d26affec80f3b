"""Competition bundles: a folder or zip with competition.yaml, markdown pages, data files and the solution.

    slug: my-competition            # required
    title: My competition           # required
    subtitle: One line under the title
    metric: macro_f1                # required, a key of scoring.metrics.METRICS
    metric_params: {labels: [0, 1, 2]}
    timeline:                       # ISO-8601 (UTC when no offset) or relative to loading: "-7 days", "+30 days"
      start: 2026-01-01T00:00:00Z   # required
      entry_deadline: +23 days
      team_merger_deadline: +23 days
      end: 2026-03-01T00:00:00Z     # required
    limits: {daily_submissions: 5, max_team_size: 5, final_selections: 2}
    late_submissions: true
    public_fraction: 0.5            # used only when the solution has no Usage column; the split's seed is a
                                    # secret Podium draws (no key sets it): put a Usage column to fix the split
    pages: {overview: overview.md, rules: rules.md, data: data.md}
    data: data                      # folder whose files participants download
    sample_submission: sample_submission.csv   # inside the data folder; its ids must match the solution's
    solution: solution.csv          # required; never published
    hosts: [alice]                  # existing usernames

Everything is checked before anything is written, and what is written happens in one transaction whose files are
removed again if it fails, so a rejected bundle leaves nothing behind.
"""

import contextlib
import datetime as dt
import re
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import yaml
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from scoring.engine import read_submission_ids
from scoring.errors import SubmissionFormatError
from scoring.metrics import METRICS

from .models import Competition
from .format_messages import format_error_text
from .services import data_file_add, solution_check, solution_set

REQUIRED_KEYS = ("slug", "title", "metric", "timeline", "solution")
KNOWN_KEYS = {*REQUIRED_KEYS, "subtitle", "metric_params", "limits", "late_submissions", "public_fraction",
              "pages", "data", "sample_submission", "hosts", "published"}
LIMIT_FIELDS = {"daily_submissions": "daily_submission_limit", "max_team_size": "max_team_size",
                "final_selections": "max_final_selections"}
RELATIVE_TIME = re.compile(r"^([+-])\s*(\d+)\s*(minutes?|hours?|days?|weeks?)$")


class BundleError(ValueError):
    """A bundle that cannot be loaded; the message names the problem for the host."""


class BundleSource:
    """Read-only view of a bundle's files by relative POSIX name."""

    def names(self) -> list[str]:
        raise NotImplementedError

    def read(self, name: str) -> bytes:
        raise NotImplementedError


class FolderSource(BundleSource):
    def __init__(self, root: Path):
        self.root = root
        self._names = []
        for path in sorted(root.rglob("*")):
            relative = path.relative_to(root).as_posix()
            if path.is_symlink():
                raise BundleError(_("'%(name)s' is a symbolic link; bundles may contain regular files only.")
                                  % {"name": relative})
            if path.is_file():
                self._names.append(relative)

    def names(self) -> list[str]:
        return self._names

    def read(self, name: str) -> bytes:
        return (self.root / name).read_bytes()


class ZipSource(BundleSource):
    def __init__(self, archive: zipfile.ZipFile, prefix: str):
        self.archive, self.prefix = archive, prefix
        self._names = [i.filename[len(prefix):] for i in archive.infolist()
                       if not i.is_dir() and i.filename.startswith(prefix)]

    def names(self) -> list[str]:
        return self._names

    def read(self, name: str) -> bytes:
        return self.archive.read(self.prefix + name)


def _zip_check(archive: zipfile.ZipFile, max_bytes: int) -> str:
    """Rejects unsafe members and returns the folder prefix that holds competition.yaml."""
    total = 0
    for info in archive.infolist():
        parts = PurePosixPath(info.filename).parts
        if info.filename.startswith(("/", "\\")) or ".." in parts or ":" in info.filename or "\\" in info.filename:
            raise BundleError(_("Archive member '%(name)s' points outside the bundle (path traversal).")
                              % {"name": info.filename})
        if stat.S_ISLNK(info.external_attr >> 16):
            raise BundleError(_("Archive member '%(name)s' is a symbolic link; bundles may contain regular files "
                                "only.") % {"name": info.filename})
        total += info.file_size
        if total > max_bytes:
            raise BundleError(_("The archive unpacks to more than the bundle size cap of %(cap)s bytes.")
                              % {"cap": f"{max_bytes:,}"})
    candidates = sorted((n for n in archive.namelist() if PurePosixPath(n).name == "competition.yaml"),
                        key=lambda n: n.count("/"))
    if not candidates or candidates[0].count("/") > 1:
        raise BundleError(_("The bundle has no competition.yaml at its top level."))
    return candidates[0][: -len("competition.yaml")]


@contextlib.contextmanager
def open_bundle(path: Path, *, max_bytes: int | None = None):
    max_bytes = max_bytes or settings.PODIUM_BUNDLE_MAX_BYTES
    if path.is_symlink():
        raise BundleError(_("'%(name)s' is a symbolic link; give the bundle's real path.") % {"name": path.name})
    if path.is_dir():
        yield FolderSource(path)
        return
    if not path.is_file():
        raise BundleError(_("No bundle at '%(path)s'.") % {"path": path})
    if path.stat().st_size > max_bytes:
        raise BundleError(_("The archive is %(size)s bytes, over the bundle size cap of %(cap)s bytes.")
                          % {"size": f"{path.stat().st_size:,}", "cap": f"{max_bytes:,}"})
    if not zipfile.is_zipfile(path):
        raise BundleError(_("'%(name)s' is neither a folder nor a zip archive.") % {"name": path.name})
    with zipfile.ZipFile(path) as archive:
        yield ZipSource(archive, _zip_check(archive, max_bytes))


@dataclass
class BundlePlan:
    """Everything a bundle will create, checked and in memory, before the first write."""

    fields: dict
    hosts: list
    data: dict[str, str]  # data file name -> name inside the bundle; read while applying, not held in memory
    sample_submission: str | None
    solution_name: str
    solution: bytes


def _parse_time(value, *, key: str, now: dt.datetime) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if timezone.is_aware(value) else value.replace(tzinfo=dt.timezone.utc)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(), tzinfo=dt.timezone.utc)
    text = str(value).strip()
    if match := RELATIVE_TIME.match(text):
        sign, amount, unit = match.groups()
        delta = dt.timedelta(**{unit.rstrip("s") + "s": int(amount)})
        return now + delta if sign == "+" else now - delta
    parsed = parse_datetime(text)
    if parsed is None:
        raise BundleError(_("timeline.%(key)s: '%(text)s' is not a date-time (use ISO-8601 or e.g. '+30 days').")
                          % {"key": key, "text": text})
    return parsed if timezone.is_aware(parsed) else parsed.replace(tzinfo=dt.timezone.utc)


def _read_text(source: BundleSource, name: str, *, what: str) -> str:
    if name not in source.names():
        raise BundleError(_("%(what)s '%(name)s' is named in competition.yaml but is not in the bundle.")
                          % {"what": what, "name": name})
    try:
        return source.read(name).decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BundleError(_("%(what)s '%(name)s' is not UTF-8 text.") % {"what": what, "name": name}) from error


def _read_config(source: BundleSource) -> dict:
    text = _read_text(source, "competition.yaml", what=_("File"))
    try:
        config = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise BundleError(_("competition.yaml is not valid YAML: %(error)s") % {"error": error}) from error
    if not isinstance(config, dict):
        raise BundleError(_("competition.yaml must be a mapping of keys to values."))
    if missing := [key for key in REQUIRED_KEYS if not config.get(key)]:
        raise BundleError(_("competition.yaml is missing required key(s): %(keys)s.") % {"keys": ", ".join(missing)})
    if "split_seed" in config:
        raise BundleError(_("competition.yaml: split_seed is not accepted. Podium draws a secret seed for the random "
                            "public/private split, because a known seed lets participants work out the public rows; "
                            "to fix the split yourself, add a Usage column (Public/Private) to the solution."))
    if unknown := sorted(set(config) - KNOWN_KEYS):
        raise BundleError(_("competition.yaml has unknown key(s): %(keys)s.") % {"keys": ", ".join(unknown)})
    if config["metric"] not in METRICS:
        raise BundleError(_("Unknown metric '%(metric)s'; known metrics: %(known)s.")
                          % {"metric": config["metric"], "known": ", ".join(sorted(METRICS))})
    return config


def _competition_fields(config: dict, source: BundleSource) -> dict:
    now = timezone.now()
    timeline = config["timeline"]
    if not isinstance(timeline, dict) or "start" not in timeline or "end" not in timeline:
        raise BundleError(_("competition.yaml: timeline needs at least 'start' and 'end'."))
    fields = {
        "slug": str(config["slug"]), "title": str(config["title"]), "subtitle": str(config.get("subtitle", "")),
        "metric_key": config["metric"], "metric_params": config.get("metric_params") or {},
        "late_submissions_enabled": bool(config.get("late_submissions", True)),
        "public_fraction": float(config.get("public_fraction", 0.5)),
        "is_published": bool(config.get("published", True)),
    }
    for key, field in (("start", "start_at"), ("end", "end_at"), ("entry_deadline", "entry_deadline"),
                       ("team_merger_deadline", "team_merger_deadline")):
        if timeline.get(key) is not None:
            fields[field] = _parse_time(timeline[key], key=key, now=now)
    for key, value in (config.get("limits") or {}).items():
        if key not in LIMIT_FIELDS:
            raise BundleError(_("competition.yaml: unknown limit '%(key)s'; known: %(known)s.")
                              % {"key": key, "known": ", ".join(LIMIT_FIELDS)})
        if not isinstance(value, int) or value < 1:
            raise BundleError(_("competition.yaml: limits.%(key)s must be a whole number of at least 1.")
                              % {"key": key})
        fields[LIMIT_FIELDS[key]] = value
    for page, field in (("overview", "overview"), ("rules", "rules"), ("data", "data_description")):
        if name := (config.get("pages") or {}).get(page):
            fields[field] = _read_text(source, name, what=_("Page '%(page)s'") % {"page": page})
    return fields


def _validate_fields(fields: dict) -> Competition:
    if Competition.objects.filter(slug=fields["slug"]).exists():
        raise BundleError(_("A competition with the slug '%(slug)s' already exists.") % {"slug": fields["slug"]})
    competition = Competition(**fields)
    try:
        competition.full_clean()
    except ValidationError as error:
        problems = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items())
        raise BundleError(f"competition.yaml: {problems}") from error
    return competition


def _hosts(config: dict) -> list:
    names = config.get("hosts") or []
    users = list(get_user_model().objects.filter(username__in=names))
    if missing := sorted(set(names) - {u.username for u in users}):
        raise BundleError(_("Host account(s) not found: %(names)s.") % {"names": ", ".join(missing)})
    return users


def _data_files(config: dict, source: BundleSource) -> dict[str, str]:
    folder = str(config.get("data", "data")).strip("/")
    prefix = f"{folder}/" if folder else ""
    return {name[len(prefix):]: name for name in source.names() if name.startswith(prefix)}


def _check_sample_ids(competition: Competition, parsed_solution, sample_name: str, sample: bytes) -> None:
    try:
        ids = read_submission_ids(data=sample, filename=sample_name, metric_key=competition.metric_key,
                                  params=competition.metric_params)
    except SubmissionFormatError as error:
        raise BundleError(_("Sample submission '%(name)s': %(error)s")
                          % {"name": sample_name, "error": format_error_text(error)}) from error
    solution_ids, sample_ids = set(parsed_solution.ids), set(ids)
    only_solution, only_sample = sorted(solution_ids - sample_ids), sorted(sample_ids - solution_ids)
    if only_solution or only_sample:
        parts = []
        if only_solution:
            parts.append(_("%(count)d id(s) only in the solution (e.g. %(ids)s)")
                         % {"count": len(only_solution), "ids": ", ".join(only_solution[:3])})
        if only_sample:
            parts.append(_("%(count)d id(s) only in the sample submission (e.g. %(ids)s)")
                         % {"count": len(only_sample), "ids": ", ".join(only_sample[:3])})
        raise BundleError(_("The ids of the solution and of '%(name)s' do not match: %(parts)s.")
                          % {"name": sample_name, "parts": "; ".join(parts)})


def bundle_plan(source: BundleSource) -> BundlePlan:
    config = _read_config(source)
    fields = _competition_fields(config, source)
    competition = _validate_fields(fields)
    solution_name = str(config["solution"])
    if solution_name not in source.names():
        raise BundleError(_("Solution file '%(name)s' is named in competition.yaml but is not in the bundle.")
                          % {"name": solution_name})
    solution = source.read(solution_name)
    try:
        parsed = solution_check(competition=competition, content=solution)
    except ValidationError as error:
        raise BundleError(" ".join(error.messages)) from error
    data = _data_files(config, source)
    if solution_name in data.values():
        raise BundleError(_("The solution '%(name)s' is inside the public data folder; move it out.")
                          % {"name": solution_name})
    if not data:
        raise BundleError(_("The data folder '%(name)s' is empty or missing.") % {"name": config.get("data", "data")})
    sample_name = config.get("sample_submission")
    if sample_name:
        if sample_name not in data:
            raise BundleError(_("Sample submission '%(name)s' is not in the data folder.") % {"name": sample_name})
        _check_sample_ids(competition, parsed, sample_name, source.read(data[sample_name]))
    return BundlePlan(fields=fields, hosts=_hosts(config), data=data, sample_submission=sample_name,
                      solution_name=solution_name, solution=solution)


def bundle_apply(plan: BundlePlan, source: BundleSource) -> Competition:
    written: list = []
    try:
        with transaction.atomic():
            competition = Competition.objects.create(**plan.fields)
            competition.hosts.set(plan.hosts)
            for name, source_name in sorted(plan.data.items()):
                data_file = data_file_add(competition=competition, name=name, content=source.read(source_name),
                                          is_sample_submission=name == plan.sample_submission)
                written.append(data_file.file)
            solution = solution_set(competition=competition, content=plan.solution, filename=plan.solution_name)
            written.append(solution.file)
    except BaseException:
        for field_file in written:
            field_file.storage.delete(field_file.name)
        raise
    return competition


def bundle_load(path: Path, *, max_bytes: int | None = None) -> Competition:
    """Loads a bundle folder or zip; raises BundleError naming the problem and leaves nothing half-created."""
    with open_bundle(Path(path), max_bytes=max_bytes) as source:
        return bundle_apply(bundle_plan(source), source)

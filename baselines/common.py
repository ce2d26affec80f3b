"""What the three baseline trainers share: a typed config on the command line, seeding, the device, progress
bars, the output folder and the upload to a Podium server.

Each trainer declares its settings as a dataclass that extends :class:`RunConfig`; :func:`parse_config` turns its
fields into command-line options (``--field-name``, typed from the annotation, the field's ``help`` metadata as
help text), optionally starting from a YAML file (``--config run.yaml``), and the trainer saves the resolved
config as ``config.yaml`` next to its outputs so that a run can be repeated exactly.
"""

import argparse
import csv
import dataclasses
import io
import json
import os
import random
import sys
import textwrap
import time
import types
import typing
import uuid
from collections.abc import Iterable
from pathlib import Path

import yaml

DEFAULT_SERVER = "http://127.0.0.1:8000"
RETRIES = 3  # attempts per request when the connection drops


def option(default, help: str, **metadata):  # noqa: A002 -- mirrors argparse's keyword
    """A config field with its command-line help."""
    if isinstance(default, list | dict):
        return dataclasses.field(default_factory=lambda: type(default)(default), metadata={"help": help, **metadata})
    return dataclasses.field(default=default, metadata={"help": help, **metadata})


@dataclasses.dataclass
class RunConfig:
    """Settings every trainer has. Subclasses add their own fields after these."""

    data_dir: Path = option(Path("data"), "the bootcamp's data folder as distributed (or a generated demo bundle)")
    out_dir: Path = option(Path("runs/baseline"), "output folder: config, metrics, plots, submission")
    seed: int = option(42, "random seed for Python, NumPy and torch")
    device: str = option("auto", "auto (CUDA when present, else CPU), cpu, cuda or cuda:N")
    submit: bool = option(False, "upload the submission to a Podium server and wait for its score")
    server: str = option(os.environ.get("PODIUM_URL", DEFAULT_SERVER), "Podium server (env PODIUM_URL)")
    competition: str = option("", "competition slug on the server (default: the trainer's reference competition)")
    description: str = option("", "submission description shown on the submissions page")
    wait_seconds: float = option(300.0, "how long --submit waits for the score")


def _field_type(hint):
    """The argparse type of an annotation: ``int``, ``Path``, ``list[int]`` (as ``int`` with nargs) ..."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        hint = next(arg for arg in typing.get_args(hint) if arg is not type(None))
        origin = typing.get_origin(hint)
    if origin is list:
        return typing.get_args(hint)[0], "+"
    return hint, None


def _to_bool(text: str) -> bool:
    if text.lower() in ("1", "true", "yes", "on"):
        return True
    if text.lower() in ("0", "false", "no", "off"):
        return False
    raise argparse.ArgumentTypeError(f"expected true or false, got {text!r}")


class _HelpFormatter(argparse.RawDescriptionHelpFormatter, argparse.ArgumentDefaultsHelpFormatter):
    """The description and the folder layout printed as written (they are laid out by hand)."""


def build_parser(config_class, *, prog: str, description: str, layout: str = "") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description=description, formatter_class=_HelpFormatter,
                                     epilog=textwrap.fill(f"--data-dir: {layout}", width=100) if layout else None)
    parser.add_argument("--config", type=Path, help="YAML file of settings; options given here override it")
    hints = typing.get_type_hints(config_class)
    for field in dataclasses.fields(config_class):
        kind, nargs = _field_type(hints[field.name])
        flag = "--" + field.name.replace("_", "-")
        default = field.default if field.default is not dataclasses.MISSING else field.default_factory()
        if kind is bool:
            parser.add_argument(flag, type=_to_bool, nargs="?", const=True, default=argparse.SUPPRESS,
                                help=f"{field.metadata.get('help', '')} (default: {default})")
        else:
            parser.add_argument(flag, type=kind, nargs=nargs, default=argparse.SUPPRESS,
                                choices=field.metadata.get("choices"),
                                help=f"{field.metadata.get('help', '')} (default: {default})")
    return parser


def parse_config(config_class, argv=None, *, prog: str, description: str = "", layout: str = ""):
    """The dataclass built from defaults, then the ``--config`` YAML file, then the command line."""
    args = vars(build_parser(config_class, prog=prog, description=description, layout=layout).parse_args(argv))
    values = {}
    if config_file := args.pop("config", None):
        values.update(yaml.safe_load(Path(config_file).read_text(encoding="utf-8")) or {})
    values.update(args)
    return config_from_dict(config_class, values)


def config_from_dict(config_class, values: dict):
    """A config from plain values (YAML or keyword arguments); unknown keys are an error naming them."""
    hints = typing.get_type_hints(config_class)
    names = {field.name for field in dataclasses.fields(config_class)}
    unknown = sorted(set(values) - names)
    if unknown:
        raise SystemExit(f"Unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(names))}.")
    fields = {field.name: field for field in dataclasses.fields(config_class)}
    converted = {}
    for name, value in values.items():
        kind, nargs = _field_type(hints[name])
        _check_choices(name, value, fields[name].metadata.get("choices"))
        if value is None:
            converted[name] = None
        elif nargs:
            converted[name] = [kind(item) for item in value]
        elif kind is bool and isinstance(value, str):
            converted[name] = _to_bool(value)
        else:
            converted[name] = kind(value)
    return config_class(**converted)


def _check_choices(name: str, value, choices) -> None:
    values = value if isinstance(value, list) else [value]
    if choices and (wrong := [item for item in values if item not in choices]):
        raise SystemExit(f"{name}: {', '.join(map(str, wrong))} is not one of {', '.join(map(str, choices))}.")


def config_as_dict(config) -> dict:
    return {key: str(value) if isinstance(value, Path) else value for key, value in dataclasses.asdict(config).items()}


def require_files(folder: Path, names, *, layout: str) -> None:
    """Exits with one line naming the first of ``names`` (files or folders) missing from ``folder`` and the
    layout expected, instead of the traceback the first ``open`` would raise deep inside a run."""
    folder = Path(folder)
    if not folder.is_dir():
        raise SystemExit(f"Data folder {folder} not found; expected {_one_line(layout)}")
    for name in names:
        if not (folder / name).exists():
            raise SystemExit(f"{name} not found in {folder}; expected {_one_line(layout)}")


def _one_line(layout: str) -> str:
    return " ".join(layout.split())


def read_csv(path: Path) -> list[dict[str, str]]:
    """Rows of a CSV file with a header (a UTF-8 byte-order mark is fine)."""
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def read_jsonl(path: Path) -> list[dict]:
    with Path(path).open(encoding="utf-8-sig") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def csv_bytes(header: list[str], rows) -> bytes:
    """CSV as pandas' ``to_csv`` writes it (``\\n`` line ends, quotes only where needed), UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def prepare_output(config) -> Path:
    """Creates the output folder and writes ``config.yaml`` (the resolved settings) into it."""
    out = Path(config.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    (out / "config.yaml").write_text(yaml.safe_dump(config_as_dict(config), sort_keys=False, allow_unicode=True),
                                     encoding="utf-8")
    return out


def write_metrics(out: Path, metrics: dict) -> Path:
    path = Path(out) / "metrics.json"
    path.write_text(json.dumps(metrics, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def seed_everything(seed: int) -> None:
    """Python, NumPy and (when installed) torch, so that two runs with the same seed on the CPU agree."""
    import numpy as np  # noqa: PLC0415

    random.seed(seed)
    np.random.seed(seed)
    try:
        import torch  # noqa: PLC0415
    except ImportError:
        return
    torch.manual_seed(seed)
    torch.cuda.manual_seed_all(seed)


def pick_device(name: str = "auto"):
    """``auto`` is CUDA when a GPU is visible, else the CPU."""
    import torch  # noqa: PLC0415

    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.device(name)


def progress(iterable: Iterable, **kwargs):
    """A tqdm bar on a terminal; nothing when the output is a file or a pipe (CI logs, make)."""
    from tqdm.auto import tqdm  # noqa: PLC0415

    return tqdm(iterable, disable=not sys.stderr.isatty(), dynamic_ncols=True, **kwargs)


class SubmitError(RuntimeError):
    """The server refused the upload or did not score it in time; the message is the server's."""


def api_key_from_env() -> str:
    """``PODIUM_API_KEY``, else the ``key`` of ``~/.kaggle/kaggle.json`` (the file Podium lets you download)."""
    if key := os.environ.get("PODIUM_API_KEY", "").strip():
        return key
    path = Path(os.environ.get("KAGGLE_CONFIG_DIR", Path.home() / ".kaggle")) / "kaggle.json"
    if path.is_file():
        return json.loads(path.read_text(encoding="utf-8")).get("key", "")
    return ""


def submit_file(path: Path, *, server: str, competition: str, description: str, api_key: str,
                wait_seconds: float = 300.0, poll_seconds: float = 1.0) -> dict:
    """Uploads ``path`` through the REST API and polls until it is scored (or failed); returns the submission."""
    import requests  # noqa: PLC0415

    if not api_key:
        raise SubmitError("No API key: set PODIUM_API_KEY (Account settings → API key) to use --submit.")
    session = requests.Session()
    # The same key on every attempt: a retried upload whose first try did reach the server returns that
    # submission instead of spending a second one of the day's quota.
    session.headers.update({"Authorization": f"Token {api_key}", "Idempotency-Key": uuid.uuid4().hex})
    base = server.rstrip("/") + "/api/v1"

    def upload():
        with Path(path).open("rb") as handle:
            return session.post(f"{base}/competitions/{competition}/submissions/",
                                files={"file": (Path(path).name, handle)}, data={"description": description},
                                timeout=120)

    with session:
        return _wait_for_score(session, base, _json_or_raise(with_retries(upload)), wait_seconds=wait_seconds,
                               poll_seconds=poll_seconds)


def _wait_for_score(session, base: str, submission: dict, *, wait_seconds: float, poll_seconds: float) -> dict:
    deadline = time.monotonic() + wait_seconds
    while submission["status"] in ("queued", "scoring"):
        if time.monotonic() > deadline:
            raise SubmitError(f"Submission {submission['id']} is still {submission['status']} after "
                              f"{wait_seconds:.0f} s; is a worker running?")
        time.sleep(poll_seconds)
        url = f"{base}/submissions/{submission['id']}/"
        submission = _json_or_raise(with_retries(lambda: session.get(url, timeout=30)))
    return submission


def with_retries(send, *, attempts: int = RETRIES, pause: float = 1.0):
    """``send()`` again when the connection drops before an answer: a server (gunicorn) closes an idle
    keep-alive connection after a few seconds, and the next request on it fails without having been read.
    Other errors, and the server's own error answers, are not retried."""
    import requests  # noqa: PLC0415

    for attempt in range(1, attempts + 1):
        try:
            return send()
        except requests.ConnectionError as error:
            if attempt == attempts:
                raise SubmitError(f"connection failed {attempts} times: {error}") from error
            time.sleep(pause * attempt)


def _json_or_raise(response) -> dict:
    try:
        body = response.json()
    except ValueError:
        body = {}
    if response.status_code >= 400:
        error = body.get("error", {})
        raise SubmitError(f"HTTP {response.status_code}: {error.get('message') or response.text[:300]}"
                          + (f" {error['fields']}" if error.get("fields") else ""))
    return body


def maybe_submit(config, submission_path: Path, *, default_competition: str, default_description: str) -> dict | None:
    """``--submit``: upload, wait, print the public score and return the submission (``None`` without it)."""
    if not config.submit:
        return None
    competition = config.competition or default_competition
    submission = submit_file(submission_path, server=config.server, competition=competition,
                             description=config.description or default_description, api_key=api_key_from_env(),
                             wait_seconds=config.wait_seconds)
    if submission["status"] != "scored":
        raise SubmitError(f"Submission {submission['id']} ended {submission['status']}: "
                          f"{submission.get('error_message') or submission.get('message', '')}")
    print(f"Submitted to {competition}: public score {submission['public_score']}")
    return submission


def run_command(commands: dict, *, prog: str, argv=None) -> None:
    """``prog COMMAND [options]``: dispatches to ``commands[COMMAND](options)``."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in commands:
        names = " | ".join(commands)
        raise SystemExit(f"usage: {prog} {{{names}}} [options]   ({prog} {next(iter(commands))} --help for options)")
    try:
        commands[argv[0]](argv[1:])
    except SubmitError as error:
        raise SystemExit(f"--submit failed: {error}") from error

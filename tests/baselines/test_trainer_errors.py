"""Issue 13, item 11: one-line errors for a wrong data folder, an upload that survives a dropped keep-alive
connection, and the organizers' lead floor."""

import shutil
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from baselines import common, trivial
from baselines.cv import data as cv_data
from baselines.ir import run as ir_run
from baselines.nlp import data as nlp_data

from .helpers import send_json


@pytest.mark.parametrize(("read", "present", "missing"), [
    (lambda folder: cv_data.read_folder(folder), ["meta.csv", "sample_submission.csv"], "train.csv"),
    (lambda folder: nlp_data.load_splits(folder), ["train.csv", "test.csv"], "dev.csv"),
    (lambda folder: ir_run.load_questions(ir_run.IrConfig(data_dir=folder)), ["eval.jsonl"], "documents.jsonl"),
])
def test_a_missing_file_is_named_with_the_expected_layout(tmp_path, read, present, missing):
    for name in present:
        (tmp_path / name).write_text("x\n", encoding="utf-8")

    with pytest.raises(SystemExit) as exit_info:
        read(tmp_path)

    message = str(exit_info.value.code)
    assert message.startswith(f"{missing} not found in {tmp_path}; expected ")
    assert "\n" not in message and "bundle" in message


def test_a_missing_image_stops_the_cv_trainer_with_one_line_and_no_traceback(bundles, tmp_path):
    folder = tmp_path / "cv"
    shutil.copytree(bundles["cv"] / "data", folder)
    first = common.read_csv(folder / "train.csv")[0]["ID"]
    (folder / "train" / first).unlink()

    result = subprocess.run([sys.executable, "-m", "baselines.cv", "train", "--data-dir", str(folder),
                             "--out-dir", str(tmp_path / "out")], capture_output=True, text=True, timeout=120)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        f"train/{first} (named in train.csv) not found in {folder}; expected {cv_data.LAYOUT}"]


def test_every_trainer_help_states_the_folder_layout():
    for module, command, layout in (("baselines.cv", "train", cv_data.LAYOUT), ("baselines.nlp", "train",
                                     nlp_data.LAYOUT), ("baselines.ir", "run", ir_run.LAYOUT)):
        result = subprocess.run([sys.executable, "-m", module, command, "--help"], capture_output=True, text=True,
                                timeout=120, check=True)
        assert " ".join(layout.split()) in " ".join(result.stdout.split()), module


class _DropsFirstUpload(BaseHTTPRequestHandler):
    """Closes the connection without an answer on the first upload, as a server does with a keep-alive
    connection it timed out; answers every later request."""

    protocol_version = "HTTP/1.1"
    uploads: list[str] = []

    def do_POST(self):  # noqa: N802 -- http.server's naming
        self.rfile.read(int(self.headers["Content-Length"]))
        type(self).uploads.append(self.headers["Idempotency-Key"])
        if len(self.uploads) == 1:
            self.close_connection = True
            self.connection.shutdown(2)
            return
        send_json(self, 201, {"id": 7, "status": "queued"})

    def do_GET(self):  # noqa: N802
        send_json(self, 200, {"id": 7, "status": "scored", "public_score": 0.5})

    def log_message(self, *args):
        pass


def test_submit_file_sends_the_upload_again_after_a_dropped_connection(tmp_path):
    _DropsFirstUpload.uploads = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _DropsFirstUpload)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    path = tmp_path / "submission.csv"
    path.write_text("ID,target\na.jpg,0\n", encoding="utf-8")
    try:
        submission = common.submit_file(path, server=f"http://127.0.0.1:{server.server_port}", competition="c",
                                        description="", api_key="k", poll_seconds=0.01)
    finally:
        server.shutdown()
        server.server_close()

    assert submission == {"id": 7, "status": "scored", "public_score": 0.5}
    assert len(_DropsFirstUpload.uploads) == 2
    assert _DropsFirstUpload.uploads[0] == _DropsFirstUpload.uploads[1]  # the server can tell it is a retry


def test_submit_file_gives_up_with_a_message_when_nothing_answers(tmp_path, monkeypatch):
    monkeypatch.setattr(common.time, "sleep", lambda seconds: None)
    path = tmp_path / "submission.csv"
    path.write_text("ID,target\n", encoding="utf-8")

    with pytest.raises(common.SubmitError, match="connection failed 3 times"):
        common.submit_file(path, server="http://127.0.0.1:9", competition="c", description="", api_key="k")


def test_the_organizers_lead_drops_speaker_tags_and_keeps_masks():
    dialogue = "#Person1#: 전화번호는 #PhoneNumber#예요.\n#Person2#: 네, 알겠어요.\n#Person1#: 고마워요."

    assert trivial.lead_summary(dialogue, turns=2, speakers=False) == "전화번호는 #PhoneNumber#예요. 네, 알겠어요."
    assert trivial.lead_summary(dialogue, turns=3, speakers=False).endswith("알겠어요. 고마워요.")
    assert trivial.lead_summary(dialogue, turns=2).startswith("#Person1#: ")

"""kaggle 2.2.5, unmodified, against Podium: every competitions command a participant uses."""

import zipfile

import pytest
from django.core.management import call_command

from accounts.services import api_key_get_or_create
from competitions.models import Competition, Submission
from competitions.services import rules_accept
from competitions.services.leaderboards import competition_finalize

from ..factories import end_competition

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SLUG = "playground-weather"


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", "--no-reference", verbosity=0)  # the playground is enough here
    return Competition.objects.get(slug=SLUG)


@pytest.fixture
def alice(demo):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="alice")
    return {"username": "alice", "key": api_key_get_or_create(user=user).key, "user": user}


def _perfect(demo, path):
    with demo.solution.file.open("rb") as handle:
        lines = handle.read().decode().splitlines()[1:]
    path.write_text("ID,target\n" + "".join(",".join(line.split(",")[:2]) + "\n" for line in lines))
    return path


def test_list_files_and_download(kaggle, demo, alice, tmp_path):
    code, out = kaggle("competitions", "list", username="alice", key=alice["key"])
    assert code == 0 and f"/competitions/{SLUG}/" in out

    code, out = kaggle("competitions", "files", SLUG, username="alice", key=alice["key"])
    assert code == 0 and "train.csv" in out and "25018" in out

    code, out = kaggle("competitions", "download", SLUG, "-f", "train.csv", "-p", "dl", username="alice",
                       key=alice["key"])
    assert code != 0 or "accept" in out.lower()  # not yet: the rules come first
    assert not (tmp_path / "dl" / "train.csv").exists()

    rules_accept(competition=demo, user=alice["user"])
    code, out = kaggle("competitions", "download", SLUG, "-f", "train.csv", "-p", "dl", username="alice",
                       key=alice["key"])
    with demo.data_files.get(name="train.csv").file.open("rb") as handle:
        assert (tmp_path / "dl" / "train.csv").read_bytes() == handle.read()

    code, out = kaggle("competitions", "download", SLUG, "-p", "all", username="alice", key=alice["key"])
    with zipfile.ZipFile(tmp_path / "all" / f"{SLUG}.zip") as archive:
        assert sorted(archive.namelist()) == ["meta.csv", "sample_submission.csv", "test.csv", "train.csv"]


def test_submit_wait_prints_the_portal_score(kaggle, demo, alice, tmp_path):
    rules_accept(competition=demo, user=alice["user"])
    perfect = _perfect(demo, tmp_path / "perfect.csv")

    code, out = kaggle("competitions", "submit", SLUG, "-f", str(perfect), "-m", "all right", "--wait",
                       username="alice", key=alice["key"])

    submission = Submission.objects.get(submitted_by=alice["user"])
    public = submission.scores.get(split="public", is_active=True).value
    assert code == 0, out
    assert "4 submissions remaining today" in out
    assert f"{public:.5f}" in out

    code, out = kaggle("competitions", "submissions", SLUG, username="alice", key=alice["key"])
    assert "perfect.csv" in out and f"{public:.5f}" in out and "all right" in out

    code, out = kaggle("competitions", "submission", str(submission.pk), username="alice", key=alice["key"])
    assert code == 0 and f"{public:.5f}" in out, out
    code, out = kaggle("competitions", "submission-limits", SLUG, username="alice", key=alice["key"])
    assert code == 0 and "4" in out, out
    code, out = kaggle("competitions", "submission-download", str(submission.pk), "-p", "back", username="alice",
                       key=alice["key"])
    assert (tmp_path / "back" / "perfect.csv").read_bytes() == perfect.read_bytes(), out

    code, out = kaggle("competitions", "leaderboard", SLUG, "--show", username="alice", key=alice["key"])
    assert "alice" in out and f"{public:.5f}" in out

    code, out = kaggle("competitions", "leaderboard", SLUG, "--download", "-p", "lb", username="alice",
                       key=alice["key"])
    with zipfile.ZipFile(tmp_path / "lb" / f"{SLUG}.zip") as archive:
        board = archive.read(f"{SLUG}-publicleaderboard.csv").decode()
    assert board.startswith("Rank,TeamId,TeamName,LastSubmissionDate,Score,SubmissionCount") and "alice" in board


def test_private_scores_stay_empty_until_finalization(kaggle, demo, alice, tmp_path):
    rules_accept(competition=demo, user=alice["user"])
    with demo.solution.file.open("rb") as handle:
        rows = [line.split(",") for line in handle.read().decode().splitlines()[1:]]
    public_only = tmp_path / "public-only.csv"  # right on public rows, always 0 on private ones
    public_only.write_text("ID,target\n" + "".join(f"{i},{t if usage == 'Public' else 0}\n" for i, t, usage in rows))
    kaggle("competitions", "submit", SLUG, "-f", str(public_only), "-m", "x", username="alice", key=alice["key"])
    private = f"{Submission.objects.get(submitted_by__username='alice').scores.get(split='private').value:.5f}"
    assert private != "1.00000"

    _, before = kaggle("competitions", "submissions", SLUG, username="alice", key=alice["key"])
    _, board_before = kaggle("competitions", "leaderboard", SLUG, "--show", username="alice", key=alice["key"])
    end_competition(demo)
    competition_finalize(competition=demo)
    _, after = kaggle("competitions", "submissions", SLUG, username="alice", key=alice["key"])
    _, board_after = kaggle("competitions", "leaderboard", SLUG, "--show", username="alice", key=alice["key"])

    assert private not in before and private not in board_before
    assert private in after and private in board_after


def test_errors_read_as_the_cli_prints_them(kaggle, demo, alice, tmp_path):
    code, out = kaggle("competitions", "list", username="alice", key="0" * 32)
    assert code != 0 and "Authentication required" in out  # the CLI's own words for a 401

    bad = tmp_path / "bad.csv"
    bad.write_text("ID,label\nx,1\n")
    code, out = kaggle("competitions", "submit", SLUG, "-f", str(bad), "-m", "bad", username="alice",
                       key=alice["key"])
    assert "Join the competition (accept its rules) before submitting." in out

    rules_accept(competition=demo, user=alice["user"])
    code, out = kaggle("competitions", "submit", SLUG, "-f", str(bad), "-m", "bad", username="alice",
                       key=alice["key"])
    assert "Line 1: wrong header: expected 'ID,target', found 'ID,label'." in out
    assert Submission.objects.filter(submitted_by__username="alice").count() == 0

    demo.daily_submission_limit = 1
    demo.save()
    sample = tmp_path / "sample.csv"
    with demo.data_files.get(name="sample_submission.csv").file.open("rb") as handle:
        sample.write_bytes(handle.read())
    kaggle("competitions", "submit", SLUG, "-f", str(sample), "-m", "one", username="alice", key=alice["key"])
    code, out = kaggle("competitions", "submit", SLUG, "-f", str(sample), "-m", "two", username="alice",
                       key=alice["key"])
    assert "used all 1 submissions for today" in out and "You have been rate limited" in out  # 429
    assert Submission.objects.filter(submitted_by__username="alice").count() == 1


def test_topics_list_and_show(kaggle, demo, alice):
    from discussions.services import post_reply, topic_create

    topic = topic_create(user=alice["user"], competition=demo, title="Which features matter?",
                         body="Gusts look **decisive** to me.")
    post_reply(user=alice["user"], topic=topic, body="Pressure too.")

    code, out = kaggle("competitions", "topics", "list", SLUG, username="alice", key=alice["key"])
    assert code == 0 and "Which features matter?" in out, out

    code, out = kaggle("competitions", "topics", "show", SLUG, str(topic.pk), username="alice", key=alice["key"])
    assert code == 0 and "Gusts look" in out and "Pressure too." in out, out

    code, out = kaggle("competitions", "topic-messages", SLUG, str(topic.pk), username="alice", key=alice["key"])
    assert code == 0 and "Pressure too." in out, out


def test_list_shows_the_servers_port_the_real_rank_and_whole_second_deadlines(kaggle, podium_server, demo, alice,
                                                                              tmp_path):
    from competitions.services.submissions import submission_create

    demo.end_at = demo.end_at.replace(microsecond=654321)
    demo.save(update_fields=["end_at"])
    rules_accept(competition=demo, user=alice["user"])
    submission_create(competition=demo, user=alice["user"], data=_perfect(demo, tmp_path / "p.csv").read_bytes(),
                      filename="p.csv")  # scored at once: Celery is eager and this test's database autocommits

    code, out = kaggle("competitions", "list", "-v", username="alice", key=alice["key"])

    row = next(line for line in out.splitlines() if f"/competitions/{SLUG}/" in line).split(",")
    port = podium_server.rsplit(":", 1)[1]
    assert code == 0 and row[0] == f"http://localhost:{port}/competitions/{SLUG}/"  # the 2.x CLI's Host has no port
    assert row[1] == f"{demo.end_at:%Y-%m-%d %H:%M:%S}"  # no fraction of a second
    assert row[-1] == "1"  # userRank: alice leads

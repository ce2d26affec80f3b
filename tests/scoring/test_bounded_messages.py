"""A message quotes what the file holds, shortened: a 5 MB id must not come back as a 5 MB error."""

import pytest

from scoring.engine import validate_submission
from scoring.errors import MAX_MESSAGE_CHARS, FormatError, SolutionFormatError, SubmissionFormatError
from scoring.solution import load_solution

HUGE = "x" * 5_000_000
BIG = "y" * 100_000  # under the csv module's field limit, so the parsers themselves quote it
F1_BODY = "".join(f"img{i}.jpg,{i % 17}\n" for i in range(1, 34))

SUBMISSIONS = [
    # (id, metric, file, what the message says instead of the value)
    ("unknown ID, plain file", "macro_f1", f"ID,target\n{HUGE},0\n{F1_BODY}", "Line 2: unknown ID 'xxxx"),
    ("unknown ID, quoted", "macro_f1", f'ID,target\n"{HUGE}",0\n{F1_BODY}', "Line 2: a field has more than 131,072"),
    ("unknown ID under the csv limit", "macro_f1", f'ID,target\n"{BIG}",0\n{F1_BODY}', "(100,000 characters)"),
    ("label", "macro_f1", f"ID,target\nimg0.jpg,{BIG}\n{F1_BODY}", "Line 2: target must be an integer"),
    ("fname", "rouge", f"fname,summary\n{HUGE},a\ntest_1,b\n", "Line 2: a field has more than 131,072"),
    ("empty summary's fname", "rouge", f"fname,summary\n{BIG},\ntest_1,b\n", "(100,000 characters) is empty"),
    ("header", "macro_f1", f"{BIG},target\nimg0.jpg,1\n", "Line 1: wrong header"),
    ("topk", "map_at_k", '{"eval_id": 0, "topk": "' + HUGE + '"}\n', "Line 1: topk must be a list"),
]


@pytest.mark.parametrize(("metric_key", "text", "message"), [case[1:] for case in SUBMISSIONS],
                         ids=[case[0] for case in SUBMISSIONS])
def test_it_shortens_the_values_a_submission_message_quotes(request, metric_key, text, message):
    solution = request.getfixturevalue({"macro_f1": "f1_solution", "rouge": "rouge_solution",
                                        "map_at_k": "map_solution"}[metric_key])

    with pytest.raises(SubmissionFormatError) as caught:
        validate_submission(solution=solution, data=text.encode(), filename="s.csv", metric_key=metric_key, params={})

    assert message in caught.value.message
    assert len(caught.value.message) <= 400


def test_it_shortens_a_duplicate_id_in_a_solution():
    text = f"ID,target\n{BIG},1\n{BIG},2\n"

    with pytest.raises(SolutionFormatError, match="Line 3: duplicate id 'yyy") as caught:
        load_solution(data=text.encode(), metric_key="macro_f1", params={})

    assert len(caught.value.message) <= 400


def test_it_caps_any_message():
    error = FormatError("csv.malformed", line=2, reason=HUGE)

    assert len(error.message) == MAX_MESSAGE_CHARS
    assert str(error) == error.message
    assert error.message.startswith("Line 2: malformed CSV (xxx") and error.message.endswith("…")

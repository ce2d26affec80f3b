import gzip
import time

import pytest

from scoring.errors import SolutionFormatError, SubmissionFormatError
from scoring.parsers.decompress import read_text


def test_it_inflates_every_member_of_a_multi_member_gzip():
    data = gzip.compress("가,1\n".encode()) + gzip.compress(b"b,2\n")

    assert read_text(data=data) == "가,1\nb,2\n"


def test_it_rejects_a_compression_bomb_quickly():
    bomb = gzip.compress(b"\0" * (1024**3), compresslevel=9)  # 1 GiB of zeros in about 1 MB
    started = time.perf_counter()

    with pytest.raises(SubmissionFormatError, match="decompresses to more than 8 MiB"):
        read_text(data=bomb, max_bytes=8 * 1024**2)

    assert time.perf_counter() - started < 0.5


def test_it_raises_the_error_class_it_is_given():
    with pytest.raises(SolutionFormatError, match="empty"):
        read_text(data=b"  \n", error=SolutionFormatError)


def test_it_strips_a_byte_order_mark():
    assert read_text(data=b"\xef\xbb\xbfID,target\n") == "ID,target\n"

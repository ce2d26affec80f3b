from scoring.cache import get_solution

DATA = b"ID,target\na,0\nb,1\nc,0\n"


def test_it_returns_the_same_object_for_identical_inputs():
    first = get_solution(data=DATA, metric_key="macro_f1", params={"labels": [0, 1]}, public_fraction=0.5, seed=1)
    copy = bytes(bytearray(DATA))

    again = get_solution(data=copy, metric_key="macro_f1", params={"labels": [0, 1]}, public_fraction=0.5, seed=1)

    assert again is first


def test_it_loads_again_when_an_input_changes():
    first = get_solution(data=DATA, metric_key="macro_f1", params={}, public_fraction=0.5, seed=1)

    assert get_solution(data=DATA, metric_key="macro_f1", params={}, public_fraction=0.5, seed=2) is not first
    assert get_solution(data=DATA, metric_key="macro_f1", params={}, public_fraction=0.6, seed=1) is not first
    assert (
        get_solution(data=DATA, metric_key="macro_f1", params={"labels": [0, 1, 2]}, public_fraction=0.5, seed=1)
        is not first
    )
    assert (
        get_solution(data=DATA + b"d,1\n", metric_key="macro_f1", params={}, public_fraction=0.5, seed=1) is not first
    )


def test_a_known_hash_reads_the_file_only_on_a_miss():
    import hashlib

    from scoring.cache import get_solution

    data = b"ID,target\nq1,0\nq2,1\n"
    reads = []

    def read() -> bytes:
        reads.append(1)
        return data

    kwargs = {"metric_key": "macro_f1", "params": {"labels": [0, 1]}, "public_fraction": 0.5, "seed": 99}
    first = get_solution(sha256=hashlib.sha256(data).hexdigest(), read=read, **kwargs)
    second = get_solution(sha256=hashlib.sha256(data).hexdigest(), read=read, **kwargs)

    assert first is second and len(reads) == 1
    assert get_solution(data=data, **kwargs) is first

import os
import subprocess
import sys

import pytest
from django.conf import settings

from accord.core.disclosure import CONFIDENTIAL, Relation, _System, primary

# A process that protects a table, as a request or a worker does, then counts its threads.
PROTECT_AND_COUNT_THREADS = """
import os
from accord.core.disclosure import Relation, protect
protect({"a": 3, "b": 10, "t": 13}, [Relation.total("t", ["a", "b"])], threshold=5)
print(len(os.listdir("/proc/self/task")))
"""


def test_it_hides_a_small_count_and_flags_it() -> None:
    cell = primary(3)
    assert cell.suppressed and cell.value is None and cell.flag == CONFIDENTIAL
    assert str(cell) == "fewer than 5"


def test_it_shows_zero_and_counts_at_the_threshold() -> None:
    assert primary(0).value == 0 and not primary(0).suppressed
    assert primary(5).value == 5 and primary(5).flag == ""


def test_it_follows_the_configured_threshold(settings) -> None:
    settings.ACCORD_SMALL_CELL_THRESHOLD = 10
    assert primary(9).suppressed
    assert str(primary(9)) == "fewer than 10"
    assert primary(3, threshold=3).value == 3


def test_it_refuses_a_negative_count() -> None:
    with pytest.raises(ValueError):
        primary(-1)


def test_the_solver_runs_on_the_request_s_thread_alone() -> None:
    # numpy's OpenBLAS would otherwise start a thread that spins beside every solve.
    environment = {key: value for key, value in os.environ.items() if key != "OPENBLAS_NUM_THREADS"}
    counted = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", PROTECT_AND_COUNT_THREADS],
        env=environment,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    assert counted.stdout.strip() == "1"


def test_a_cell_hidden_later_leaves_the_attacker_what_hiding_it_at_once_leaves() -> None:
    # A two-by-two table with its margins: rows a+b=r1, c+d=r2; columns a+c=k1, b+d=k2.
    counts = {"a": 3, "b": 9, "c": 7, "d": 8, "r1": 12, "r2": 15, "k1": 10, "k2": 17, "t": 27}
    relations = [
        Relation.total("r1", ["a", "b"]),
        Relation.total("r2", ["c", "d"]),
        Relation.total("k1", ["a", "c"]),
        Relation.total("k2", ["b", "d"]),
        Relation.total("t", ["r1", "r2"]),
        Relation.at_most(["a"], ["k1"]),
    ]
    later = _System({k: v for k, v in counts.items() if k != "a"}, ["a"], relations)
    for key in ["b", "c", "d"]:
        later.hide(key)
    at_once = _System({k: v for k, v in counts.items() if k not in "abcd"}, "abcd", relations)
    assert {key: later.interval(key) for key in "abcd"} == {
        key: at_once.interval(key) for key in "abcd"
    }
    # Hidden one by one, each widens what is left: a alone is pinned, then no longer.
    assert _System({k: v for k, v in counts.items() if k != "a"}, ["a"], relations).interval(
        "a"
    ) == (3.0, 3.0)
    assert later.interval("a") == (0.0, 10.0)

import os
import subprocess
import sys

import pytest
from django.conf import settings

from accord.core.disclosure import CONFIDENTIAL, primary

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

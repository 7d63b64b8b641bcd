"""The deployed settings with one page added for the benchmark (bench/caseload.py): a signed-in
view that does nothing, the floor under every page that checks who the reader is."""

from config.settings import *  # noqa: F403 - the deployed settings, unchanged but for the URLs

ROOT_URLCONF = "bench.urls"

"""The server's warm-up loads the chart and dashboard libraries and the question banks once, in
the background, and never raises into the app."""

from __future__ import annotations

import os
import sys

from ui import warmup


def test_the_warm_up_is_off_in_the_test_suite():
    assert os.environ["ASSESSMENT_WARMUP"] == "0"
    warmup.start(delay=0)
    assert not warmup.done.wait(0.5)


def test_the_warm_up_loads_the_libraries_once_in_the_background(monkeypatch):
    monkeypatch.setenv("ASSESSMENT_WARMUP", "1")
    warmup.start(delay=0)
    warmup.start(delay=0)  # a second call (every later script run) starts nothing
    assert warmup.done.wait(60)
    for name in warmup.MODULES:
        assert name in sys.modules
    from questionnaires.loader import _catalogue

    assert _catalogue.cache_info().currsize == 1  # the banks are parsed and kept

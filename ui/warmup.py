"""Warming up a new server. A moment after the first page is drawn, the libraries and question
banks that the chart, dashboard and report pages need are loaded in the background (plotly and
the banks take about a second between them), so that the first person to open such a page
does not wait for them. Nothing here changes what a page shows: a page that needs something
not yet loaded loads it itself, Python's import lock making it wait for a load under way."""

from __future__ import annotations

import gc
import importlib
import logging
import os
import threading

MODULES = (
    "assessment.schema",  # sqlite-utils, and pandas with it: the store of every page after the first
    "plotly.graph_objects",
    "ui.charts",
    "ui.cohort_charts",
    "benchmarks.dashboard",
    "reports",
)
DELAY_S = 1.0  # after the first page: its drawing comes first

_lock = threading.Lock()
_started = False
done = threading.Event()


def _load() -> None:
    try:
        from questionnaires import available

        available()  # parses and checks the banks once per process
        for name in MODULES:
            importlib.import_module(name)
        # the libraries' objects live as long as the process: out of the collector's sight, a
        # full collection (the interpreter lock held) scans only what sessions have made since
        gc.freeze()
    except Exception:  # a warm-up must never take the server down; the page that needs it will say
        logging.getLogger(__name__).exception("warm-up failed")
    finally:
        done.set()


def start(delay: float = DELAY_S) -> None:
    """Start the warm-up once per process (later calls do nothing). ``ASSESSMENT_WARMUP=0``
    turns it off: the test suite does, since its tests swap the question banks under the
    loader's cache while a warm-up could be filling it."""
    global _started
    with _lock:
        if _started or os.environ.get("ASSESSMENT_WARMUP", "1") == "0":
            return
        _started = True
    timer = threading.Timer(delay, _load)
    timer.daemon = True
    timer.start()

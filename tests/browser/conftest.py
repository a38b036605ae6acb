"""Browser fixtures: the real app on a free port with its own database, and Debian's chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import sync_playwright

from assessment.db import Store
from perf.app_server import CHROMIUM, CHROMIUM_ARGS, running_app
from tests.browser.driver import shot
from tests.conftest import open_rounds


@pytest.fixture(scope="module")
def app_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("browser") / "assessment.db"
    open_rounds(Store(path)).close()
    return path


@pytest.fixture(scope="module")
def app_url(app_db, tmp_path_factory):
    log = tmp_path_factory.mktemp("logs") / "server.log"
    with running_app(app_db, log) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, app_url, request):
    context = browser.new_context(viewport={"width": 1280, "height": 1800}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    yield pg
    # the last screen of every test is kept as an artefact (tests/artifacts/, not committed)
    name = "last-" + "".join(ch if ch.isalnum() else "-" for ch in request.node.name)
    try:
        shot(pg, name)
    finally:
        context.close()


def pytest_collection_modifyitems(items):
    # every test under tests/browser is a browser test: `./dev test -m "not browser"` skips them
    for item in items:
        if "tests/browser/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)

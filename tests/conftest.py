"""Shared fixtures: a fresh database file per test (with the rounds the tests use listed and
open), and actors."""

from __future__ import annotations

import os

import pytest
from argon2 import PasswordHasher
from hypothesis import settings

from assessment import accounts, enterprises, rounds
from assessment.access import CLI, Actor
from assessment.credit_code import invented
from assessment.db import Store

# no background warm-up in the app under test (see ui.warmup); the servers the browser tests
# start inherit this
os.environ["ASSESSMENT_WARMUP"] = "0"

# no test depends on timing: hypothesis' per-example deadline would fail a slow example on a
# loaded machine (the first call of zxcvbn, a cold import) without saying anything about behaviour
settings.register_profile("no-deadline", deadline=None)
settings.load_profile("no-deadline")


def code(n: int) -> str:
    """A valid, invented credit code, distinct for each n."""
    return invented(n)


# the rounds tests start assessments in: enterprises may only start in a round the bureau has
# listed and keeps open (assessment.rounds)
TEST_ROUNDS = ("2024", "2025", "2026", "2027", "2031")


def open_rounds(store: Store, labels=TEST_ROUNDS) -> Store:
    """List ``labels`` as open rounds (those already listed keep their state); returns ``store``."""
    with store.write() as db:
        rounds.ensure(db, CLI, labels)
    return store


@pytest.fixture
def store(tmp_path) -> Store:
    s = open_rounds(Store(tmp_path / "assessment.db"))
    yield s
    s.close()


@pytest.fixture
def cheap_argon2(monkeypatch):
    """Cheap argon2 parameters for tests of behaviour, not of cost (the real ones cost 0.1-0.3 s a
    hash). Opt in per module with ``pytestmark = pytest.mark.usefixtures("cheap_argon2")``;
    tests/test_accounts.py checks the production parameters it keeps aside first."""
    monkeypatch.setattr(accounts, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def admin() -> Actor:
    return CLI


@pytest.fixture
def analyst(store) -> Actor:
    return accounts.add_user(store, CLI, "analyst1", "analyst", "Hn4$wQz7Lp2#Vk")


def make_enterprise(store: Store, n: int = 1, *, confirmed: bool = True, **profile) -> Actor:
    """Register enterprise number n with a password; returns its user. Confirmed by the bureau
    unless ``confirmed=False`` (only confirmed enterprises count in cohort figures)."""
    data = {
        "credit_code": code(n),
        "name": f"青岛测试企业{n}有限公司",
        "park": "金水创新产业园",
        "industry": "啤酒饮料",
        "employees": 50,
        "revenue": 800,
        **profile,
    }
    user = accounts.register_enterprise(store, data, "Qv8#tLm2pRx9wZ")
    if confirmed:
        enterprises.confirm(store, CLI, user.credit_code)
    return user


@pytest.fixture
def enterprise(store) -> Actor:
    return make_enterprise(store, 1)


@pytest.fixture
def app(store, monkeypatch):
    """A maker of AppTests of the app on the test database (tests.support.pages.app_on); page-test
    modules that need another maker define their own ``app``."""
    from tests.support.pages import app_on

    return app_on(store, monkeypatch)


@pytest.fixture(scope="module")
def programme_db(tmp_path_factory):
    """A 300-firm demo cohort with the example programme planted and an analyst (programme pages)."""
    from benchmarks.demo import generate
    from benchmarks.demo.programme import plant
    from tests.programme_builders import PASSWORD

    path = tmp_path_factory.mktemp("programmes") / "cohort.db"
    store = open_rounds(Store(path))
    generate(store, 300, 7)
    plant(store, 7)
    accounts.add_user(store, CLI, "analyst1", "analyst", PASSWORD)
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return path

"""The password rule (issue 10, item 8): length, character kinds, zxcvbn's score, closeness to the
account's own words, advice in both languages; and every place a password is set applies it."""

from __future__ import annotations

import ast
import inspect

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

import cli
from assessment import accounts, enterprises, passwords
from assessment.passwords import ADVICE_ZH, MIN_LENGTH, WeakPassword, check_password
from tests.conftest import code, make_enterprise

STRONG = "Qv8#tLm2pRx9wZ"


pytestmark = pytest.mark.usefixtures("cheap_argon2")


def refusal(password, related=()) -> WeakPassword:
    with pytest.raises(WeakPassword) as info:
        check_password(password, related)
    return info.value


@pytest.mark.parametrize(
    "password",
    ["password1", " " * 10, " " * 8, "aaaaaaaaaaaa", "1234567890", "Password123!", "qwertyuiop1", "P@ssw0rd2024"],
)
def test_guessable_passwords_are_refused(password):
    error = refusal(password)
    assert error.zh and error.en


def test_length_and_kinds_come_first():
    assert str(MIN_LENGTH) in refusal("Qv8#tLm2p").en
    assert "two kinds" in refusal("qvxtlmzprxwkdh").en  # long, but letters only
    assert "两类" in refusal("qvxtlmzprxwkdh").zh


def test_strong_passwords_are_accepted():
    for password in (STRONG, "Hn4$wQz7Lp2#Vk", "correct-Horse-battery-staple-9", "青岛蓝天白云2025啤酒节Qx!"):
        check_password(password, ["analyst1", code(1), "青岛测试企业1有限公司"])


@pytest.mark.parametrize(
    ("password", "words"),
    [
        (f"{code(1)}!", [code(1)]),
        (f"x{code(1)[2:12].lower()}#Q", [code(1)]),  # ten characters of the credit code
        ("analyst1-2025!", ["analyst1"]),  # zxcvbn alone scores this 3
        ("Wang.Li#2025xyz", ["wang.li"]),
        ("青岛测试企业有限公司Qx#7", ["青岛测试企业有限公司"]),
    ],
)
def test_a_password_close_to_the_accounts_own_words_is_refused(password, words):
    error = refusal(password, words)
    assert "too close" in error.en and "太接近" in error.zh


def test_the_advice_is_given_in_both_languages():
    error = refusal("password12345")
    assert "similar to a commonly used password" in error.en
    assert "这与一个常用密码很相似" in error.zh
    assert not any(english in error.zh for english in ADVICE_ZH)


def test_every_advice_of_zxcvbn_has_a_chinese_translation():
    from zxcvbn import feedback

    said = {
        node.args[0].value
        for node in ast.walk(ast.parse(inspect.getsource(feedback)))
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_"
    }
    assert said and said <= set(ADVICE_ZH)


@given(st.text(min_size=MIN_LENGTH, max_size=200))
def test_the_rule_never_crashes_and_either_accepts_or_explains(password):
    try:
        check_password(password, ["analyst1", code(1)])
    except WeakPassword as error:
        assert error.zh and error.en


# ------------------------------------------------------------------------------ every door


def test_registration_refuses_a_weak_password_and_one_made_of_its_name(store):
    profile = {"credit_code": code(3), "name": "青岛海岸线科技有限公司"}
    with pytest.raises(WeakPassword):
        accounts.register_enterprise(store, profile, "password1")
    with pytest.raises(WeakPassword):
        accounts.register_enterprise(store, profile, "青岛海岸线科技#2025Q")
    assert not store.db.execute("SELECT count(*) FROM users").fetchone()[0]


def test_add_user_and_reset_refuse_weak_passwords(store, admin):
    with pytest.raises(WeakPassword):
        accounts.add_user(store, admin, "chief", "admin", "chief12345!")
    accounts.add_user(store, admin, "chief", "admin", STRONG)
    with pytest.raises(WeakPassword):
        accounts.reset_password(store, admin, "chief", "password1")
    make_enterprise(store, 1)
    with pytest.raises(WeakPassword):  # close to its enterprise's name
        accounts.reset_password(store, admin, code(1), "青岛测试企业1有限公司!Q7")


def test_an_access_code_sign_in_refuses_a_weak_password(store, admin):
    enterprises.upsert(store, admin, {"credit_code": code(7), "name": "园区录入企业"})
    issued = accounts.issue_access_code(store, admin, code(7))
    with pytest.raises(WeakPassword):
        accounts.redeem_access_code(store, code(7), issued["code"], "password1")
    row = store.db.execute("SELECT used_at FROM access_codes WHERE id = ?", [issued["id"]]).fetchone()
    assert row[0] is None  # the code is still good for a proper password
    accounts.redeem_access_code(store, code(7), issued["code"], STRONG)


def test_the_command_line_refuses_a_weak_password(store):
    runner = CliRunner()
    db = str(store.path)
    weak = runner.invoke(
        cli.app, ["user", "add", "chief", "--role", "admin", "--password", "password12345", "--db", db]
    )
    assert weak.exit_code == 1 and "too easy to guess" in weak.stderr
    ok = runner.invoke(cli.app, ["user", "add", "chief", "--role", "admin", "--password", STRONG, "--db", db])
    assert ok.exit_code == 0
    reset = runner.invoke(cli.app, ["user", "reset-password", "chief", "--password", " " * 12, "--db", db])
    assert reset.exit_code == 1


def test_the_rule_is_described_with_its_numbers():
    zh, en = passwords.RULE
    assert str(MIN_LENGTH) in zh and str(MIN_LENGTH) in en

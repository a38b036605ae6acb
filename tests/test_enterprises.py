"""Enterprise profiles: checked field by field, stored exactly, and nothing half-written."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessment import accounts, enterprises
from assessment.accounts import AccountError
from assessment.directory import size_class
from assessment.enterprises import NAME_MAX, TEXT_MAX, ProfileError, check_profile
from assessment.passwords import WeakPassword
from tests.conftest import code, make_enterprise

TABLES = ("enterprises", "users", "audit", "assessments", "answers", "access_codes")

# Output escaping is the job of whoever prints (HTML, PDF): the store keeps what was typed.
EXACT_NAMES = [
    "\"双引号\"与'单引号'有限公司",
    "<script>alert('x')</script>科技有限公司",
    "A&B <公司> &amp; 合伙",
    "𠀀䶮科技有限公司",  # U+20000 (CJK extension B) and U+4DAE (extension A)
    "O'Brien & Sons (Qingdao) Co., Ltd.",
    "青岛啤酒股份有限公司；第一分公司",
    "Robert'); DROP TABLE enterprises;--",
]

EMOJI = ["笑脸😀公司", "⭐星级公司", "☕咖啡公司", "点赞👍🏻公司", "中国🇨🇳公司", "家庭👨\u200d👩\u200d👧公司", "✅公司"]
CONTROL = ["空\x00字符", "响铃\x07公司", "转义\x1b[31m公司", "反向\u202e公司", "零宽\u200b公司", "私用\ue000公司"]


def profile(n: int = 9, **fields) -> dict:
    return {"credit_code": code(n), "name": f"测试企业{n}", **fields}


pytestmark = pytest.mark.usefixtures("cheap_argon2")


def counts(store) -> dict[str, int]:
    return {t: store.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def refused(field: str, fn, *args, **kwargs) -> ProfileError:
    with pytest.raises(ProfileError) as info:
        fn(*args, **kwargs)
    error = info.value
    assert error.field == field
    label_zh, label_en = enterprises.LABELS.get(field, (field, field))
    assert error.zh.startswith(label_zh) and error.en.startswith(label_en)
    return error


# ------------------------------------------------------------------------------ stored exactly


@pytest.mark.parametrize("name", EXACT_NAMES)
def test_register_keeps_the_name_exactly(store, name):
    me = accounts.register_enterprise(store, profile(name=name), "Qv8#tLm2pRx9wZ")
    assert enterprises.get(store, me, me.credit_code)["name"] == name


@pytest.mark.parametrize("name", EXACT_NAMES)
def test_upsert_keeps_every_text_field_exactly(store, admin, name):
    data = profile(name=name, park=name[:TEXT_MAX], industry=name[:TEXT_MAX], contact_name=name[:TEXT_MAX])
    enterprises.upsert(store, admin, data)
    row = enterprises.get(store, admin, data["credit_code"])
    assert (row["name"], row["park"], row["industry"], row["contact_name"]) == (
        name,
        name[:TEXT_MAX],
        name[:TEXT_MAX],
        name[:TEXT_MAX],
    )


def test_update_replaces_the_stored_name(store, admin):
    enterprises.upsert(store, admin, profile(name="旧名称"))
    enterprises.upsert(store, admin, profile(name="𠀀新名称<b>"))
    assert enterprises.get(store, admin, code(9))["name"] == "𠀀新名称<b>"
    assert counts(store)["enterprises"] == 1


def test_an_enterprise_updates_its_own_profile(store, enterprise):
    enterprises.upsert(store, enterprise, profile(1, name="自己改的名字", contact_email="me@example.cn"))
    row = enterprises.get(store, enterprise, enterprise.credit_code)
    assert (row["name"], row["contact_email"]) == ("自己改的名字", "me@example.cn")


@given(
    st.text(
        alphabet=st.characters(categories=("Lu", "Ll", "Lo", "Nd", "Po", "Ps", "Pe", "Pd", "Sm", "Sc")),
        min_size=1,
        max_size=NAME_MAX,
    )
)
def test_printable_names_pass_unchanged(name):
    assert check_profile(profile(name=name))["name"] == name


def test_whitespace_runs_become_one_space():
    assert check_profile(profile(name="  青岛\t测试 \n 公司  "))["name"] == "青岛 测试 公司"


def test_credit_code_is_normalised_before_storing(store, admin):
    enterprises.upsert(store, admin, profile(credit_code=" " + code(9).lower()))
    assert enterprises.get(store, admin, code(9))["credit_code"] == code(9)


# ------------------------------------------------------------------------------ refused, nothing written


@pytest.mark.parametrize("name", EMOJI + CONTROL + ["长" * 2000, "长" * (NAME_MAX + 1)])
def test_register_refuses_bad_names_and_writes_nothing(store, name):
    make_enterprise(store, 1)  # something already there, to see that nothing else is added
    before = counts(store)
    refused("name", accounts.register_enterprise, store, profile(name=name), "Qv8#tLm2pRx9wZ")
    assert counts(store) == before


@pytest.mark.parametrize("name", EMOJI + CONTROL + ["长" * 2000])
def test_upsert_refuses_bad_names_and_writes_nothing(store, admin, name):
    enterprises.upsert(store, admin, profile(name="原名称"))
    before = counts(store)
    refused("name", enterprises.upsert, store, admin, profile(name=name))
    assert counts(store) == before
    assert enterprises.get(store, admin, code(9))["name"] == "原名称"


@pytest.mark.parametrize("field", ["park", "industry", "region", "contact_name"])
@pytest.mark.parametrize("value", ["😀", "a\x00b", "x" * (TEXT_MAX + 1)])
def test_other_text_fields_name_themselves(store, admin, field, value):
    before = counts(store)
    refused(field, enterprises.upsert, store, admin, profile(**{field: value}))
    assert counts(store) == before


def test_length_message_gives_the_limit_and_the_length():
    error = refused("name", check_profile, profile(name="长" * 2000))
    assert f"{NAME_MAX}" in error.zh and "2000" in error.zh
    assert f"at most {NAME_MAX}" in error.en and "got 2000" in error.en


def test_name_at_the_limit_is_accepted():
    assert check_profile(profile(name="长" * NAME_MAX))["name"] == "长" * NAME_MAX


@pytest.mark.parametrize("name", [None, "", "   "])
def test_name_is_required(name):
    error = refused("name", check_profile, profile(name=name))
    assert "不能为空" in error.zh and "required" in error.en


def test_bad_credit_code_is_named():
    error = refused("credit_code", check_profile, profile(credit_code=code(9)[:17] + "0"))
    assert "校验位" in error.zh


def test_unknown_field_is_named():
    refused("password", check_profile, profile(password="x"))


def test_duplicate_registration_is_refused_and_writes_nothing(store):
    make_enterprise(store, 1)
    before = counts(store)
    with pytest.raises(AccountError):
        accounts.register_enterprise(store, profile(1, name="冒名公司"), "Pk9&zTw3Hn6@Fb")
    assert counts(store) == before
    assert enterprises.get(store, accounts.authenticate(store, code(1), "Qv8#tLm2pRx9wZ"), code(1))["name"] != (
        "冒名公司"
    )


def test_weak_password_at_registration_writes_nothing(store):
    before = counts(store)
    with pytest.raises(WeakPassword):
        accounts.register_enterprise(store, profile(), "short")
    assert counts(store) == before


# ------------------------------------------------------------------------------ contact fields


@pytest.mark.parametrize("phone", ["0532-88886666", "+86 138 0000 0000", "(0532) 8888 6666", "13800000000"])
def test_phone_numbers_accepted(phone):
    assert check_profile(profile(contact_phone=phone))["contact_phone"] == phone


@pytest.mark.parametrize("phone", ["abc", "12", "138-0000-000x", "电话13800000000", "1" * 31])
def test_bad_phone_is_named(store, admin, phone):
    before = counts(store)
    refused("contact_phone", enterprises.upsert, store, admin, profile(contact_phone=phone))
    assert counts(store) == before


@pytest.mark.parametrize("email", ["info@example.com", "张三@例子.中国", "a.b+c@sub.example.com.cn"])
def test_emails_accepted(email):
    assert check_profile(profile(contact_email=email))["contact_email"] == email


@pytest.mark.parametrize("email", ["a@b", "no-at.example.com", "a@@example.com", "a@exa mple.com", "@example.com"])
def test_bad_email_is_named(store, admin, email):
    before = counts(store)
    error = refused("contact_email", enterprises.upsert, store, admin, profile(contact_email=email))
    assert "电子邮箱" in error.zh and "e-mail" in error.en
    assert counts(store) == before


# ------------------------------------------------------------------------------ figures and size


@pytest.mark.parametrize(
    ("employees", "revenue", "size"),
    [
        # 工信部联企业〔2011〕300号, industry: large >= 1000 staff AND >= 40000 万元;
        # medium >= 300 AND >= 2000; small >= 20 AND >= 300; otherwise micro
        (1000, 40000, "large"),
        (999, 40000, "medium"),
        (1000, 39999.99, "medium"),
        (300, 2000, "medium"),
        (299, 2000, "small"),
        (300, 1999.5, "small"),
        (20, 300, "small"),
        (19, 300, "micro"),
        (20, 299, "micro"),
        (5000, 100, "micro"),
        (0, 0, "micro"),
        # one figure known: it decides alone
        (1000, None, "large"),
        (None, 2000, "medium"),
        (19, None, "micro"),
        (None, None, None),
    ],
)
def test_size_class_follows_the_industrial_thresholds(employees, revenue, size):
    assert size_class(employees, revenue) == size
    assert check_profile(profile(employees=employees, revenue=revenue))["size"] == size


def test_size_is_derived_and_stored(store, admin):
    enterprises.upsert(store, admin, profile(employees="1,200", revenue="45000"))
    row = enterprises.get(store, admin, code(9))
    assert (row["employees"], row["revenue"], row["size"]) == (1200, 45000.0, "large")


@pytest.mark.parametrize(("given_size", "stored"), [("medium", "medium"), ("中型", "medium"), ("Small", "small")])
def test_given_size_is_accepted_without_figures(store, admin, given_size, stored):
    enterprises.upsert(store, admin, profile(size=given_size))
    assert enterprises.get(store, admin, code(9))["size"] == stored


def test_figures_win_over_a_given_size():
    assert check_profile(profile(size="large", employees=10, revenue=100))["size"] == "micro"


def test_unknown_size_is_named():
    refused("size", check_profile, profile(size="huge"))


@pytest.mark.parametrize("field", ["employees", "revenue"])
@pytest.mark.parametrize("value", ["many", "-1", -5, True, "nan", "inf", float("inf"), "1e400"])
def test_bad_figures_are_named(store, admin, field, value):
    before = counts(store)
    refused(field, enterprises.upsert, store, admin, profile(**{field: value}))
    assert counts(store) == before


@pytest.mark.parametrize("value", [3.5, "12.5", 10**19])
def test_employees_must_be_a_whole_number_that_fits(value):
    refused("employees", check_profile, profile(employees=value))

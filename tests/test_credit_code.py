"""统一社会信用代码 (GB 32100-2015): the check character, and messages that say what is wrong."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessment import credit_code as cc
from assessment.credit_code import ALPHABET, CreditCodeError, complete, is_valid, validate
from assessment.errors import AssessmentError

# real codes as printed on business licences
REAL = ["91350100M000100Y43", "91110000802100433B"]

first17 = st.text(alphabet=ALPHABET, min_size=17, max_size=17)


def error_of(code) -> CreditCodeError:
    with pytest.raises(CreditCodeError) as info:
        validate(code)
    assert isinstance(info.value, AssessmentError)
    assert info.value.zh and info.value.en
    return info.value


@pytest.mark.parametrize("code", REAL)
def test_real_codes_are_valid(code):
    assert validate(code) == code
    assert is_valid(code)


def test_alphabet_leaves_out_the_five_forbidden_letters():
    assert len(ALPHABET) == 31
    assert not set("IOZSV") & set(ALPHABET)


@pytest.mark.parametrize("code", REAL)
def test_complete_restores_the_check_character(code):
    assert complete(code[:17]) == code


@given(first17)
def test_any_17_characters_with_their_check_character_validate(head):
    code = complete(head)
    assert len(code) == 18 and code[17] in ALPHABET
    assert validate(code) == code


@given(first17, st.integers(0, 17), st.integers(1, 30))
def test_changing_any_one_character_makes_the_code_invalid(head, position, shift):
    code = complete(head)
    # another character of the alphabet: weights are non-zero mod 31 (a prime), so the sum moves
    changed = ALPHABET[(ALPHABET.index(code[position]) + shift) % 31]
    broken = code[:position] + changed + code[position + 1 :]
    assert broken != code
    assert not is_valid(broken)
    if position < 17:
        assert "校验位" in error_of(broken).zh


@given(first17, st.data())
def test_lower_case_and_spaces_are_normalised(head, data):
    code = complete(head)
    cut = data.draw(st.integers(0, 18))
    typed = f"  {code[:cut].lower()} {code[cut:]}\t"
    assert validate(typed) == code


def test_wrong_check_character_names_the_expected_one():
    code = REAL[0]
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    error = error_of(wrong)
    assert "校验位" in error.zh and f"应为 {code[17]}" in error.zh
    assert "check character" in error.en and code[17] in error.en


@pytest.mark.parametrize("code", ["91350100M000100Y4", "91350100M000100Y433", "9135", "9" * 30])
def test_wrong_length_says_18_and_how_many_were_typed(code):
    error = error_of(code)
    assert "18" in error.zh and str(len(code)) in error.zh
    assert "18 characters" in error.en and f"has {len(code)}" in error.en


@pytest.mark.parametrize("letter", list("IOZSV"))
def test_forbidden_letters_are_named(letter):
    code = REAL[0][:8] + letter + REAL[0][9:]
    error = error_of(code)
    assert letter in error.zh and "不允许" in error.zh
    assert letter in error.en and "not allowed" in error.en


def test_forbidden_letters_in_lower_case_are_named_in_upper_case():
    error = error_of(REAL[0][:8].lower() + "o" + REAL[0][9:])
    assert "O" in error.en


@pytest.mark.parametrize("code", [None, "", "   ", 913501001234567890])
def test_empty_or_not_text_is_refused(code):
    error = error_of(code)
    assert "不能为空" in error.zh and "empty" in error.en


def test_punctuation_inside_the_code_is_not_silently_dropped():
    code = REAL[0]
    assert not is_valid(code[:6] + "-" + code[6:17])
    assert not is_valid(code[:9] + "-" + code[9:])


def test_normalise_keeps_characters_it_does_not_understand():
    # normalise only removes whitespace and upper-cases: validation decides the rest
    assert cc.normalise(" 91a-b ") == "91A-B"


@pytest.mark.parametrize("code", REAL)
def test_a_real_codes_organisation_part_carries_its_gb_11714_check_character(code):
    assert cc.organisation_check_character(code[8:16]) == code[16]


def test_the_gb_11714_example_and_its_two_special_check_values():
    assert cc.organisation_check_character("D2143569") == "X"  # the standard's own example: 10 -> X
    assert cc.organisation_check_character("00000000") == "0"  # 11 -> 0

"""统一社会信用代码 (unified social credit code), GB 32100-2015: 18 characters from a 31-letter
alphabet, the last one a check character over the first 17."""

from __future__ import annotations

from assessment.errors import AssessmentError

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
VALUE = {ch: i for i, ch in enumerate(ALPHABET)}


class CreditCodeError(AssessmentError):
    """A credit code that is not a valid GB 32100-2015 code."""


def check_character(first17: str) -> str:
    total = sum(VALUE[ch] * w for ch, w in zip(first17, WEIGHTS))
    return ALPHABET[(31 - total % 31) % 31]


def normalise(code: str) -> str:
    """Upper-case and strip spaces, as people type codes with them."""
    return "".join(str(code).split()).upper()


def validate(code: object) -> str:
    """Return the normalised code, or raise CreditCodeError saying what is wrong."""
    if not isinstance(code, str) or not code.strip():
        raise CreditCodeError("统一社会信用代码不能为空", "the unified social credit code is empty")
    text = normalise(code)
    if len(text) != 18:
        raise CreditCodeError(
            f"统一社会信用代码应为 18 位，输入了 {len(text)} 位",
            f"a unified social credit code has 18 characters, this one has {len(text)}",
        )
    bad = sorted({ch for ch in text if ch not in VALUE})
    if bad:
        shown = "、".join(bad)
        raise CreditCodeError(
            f"统一社会信用代码含有不允许的字符：{shown}（不使用 I、O、Z、S、V）",
            f"the code contains characters that are not allowed: {', '.join(bad)} (I, O, Z, S, V are never used)",
        )
    expected = check_character(text[:17])
    if text[17] != expected:
        raise CreditCodeError(
            f"统一社会信用代码校验位错误：最后一位应为 {expected}，请核对",
            f"the check character is wrong: the last character should be {expected}; please check the code",
        )
    return text


def is_valid(code: object) -> bool:
    try:
        validate(code)
    except CreditCodeError:
        return False
    return True


# GB 11714-1997 organisation code (the 9 characters after the region in a credit code): 8 body
# characters, digits and capital letters worth 0-35, and a check character
ORGANISATION_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def organisation_check_character(body8: str) -> str:
    """The GB 11714 check character of an organisation code's 8 body characters:
    11 - (the weighted sum mod 11), written X for 10 and 0 for 11."""
    check = 11 - sum(int(ch, 36) * w for ch, w in zip(body8, ORGANISATION_WEIGHTS)) % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


def complete(first17: str) -> str:
    """The full code for 17 given characters (used by the demo generator and tests)."""
    return first17 + check_character(first17)


def invented(n: int, prefix: str = "91370213MA") -> str:
    """A valid, invented code for test and measurement data, distinct for each n (seven digits)."""
    return complete(f"{prefix}{n:07d}")

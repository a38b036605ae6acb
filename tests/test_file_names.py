"""File names built from user text (issue 10, point 13): one safe character set."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from assessment.file_names import safe_file_name
from reports.batch import Member
from tests.conftest import code

SAFE = re.compile(r"^[\w-]+(_[\w-]+)*\.[\w-]+$")


@given(st.lists(st.text(), min_size=1, max_size=4), st.sampled_from([".pdf", "zip", ".csv"]))
def test_any_text_makes_a_safe_name(parts, suffix):
    name = safe_file_name(*parts, suffix=suffix)
    assert SAFE.match(name) and ".." not in name and not re.search(r"[/\\\x00-\x1f\x7f]", name)
    assert name.count(".") == 1 and len(name) <= 61 * len(parts) + 5


def test_a_batch_member_cannot_climb_out_of_the_zip():
    for round_ in ("../../etc/passwd", "..\\..\\boot.ini", "2025\x00.exe", "/abs"):
        name = Member(code(1), 1, "名", "园", round_, 3.0, 3).file_name("dcmm-2025")
        assert name.startswith(f"{code(1)}_dcmm-2025_") and name.endswith(".pdf")
        assert ".." not in name and "/" not in name and "\\" not in name and "\x00" not in name
    assert Member(code(1), 1, "名", "园", "2025", 3.0, 3).file_name("dcmm-2025") == f"{code(1)}_dcmm-2025_2025.pdf"

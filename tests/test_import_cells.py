"""Cell converters and the column vocabulary of an import, alone: how a spreadsheet cell becomes
an answer value (before ``check_answer``), and which columns an export writes that an import
reads or ignores."""

from __future__ import annotations

from datetime import date

import pytest

from assessment.answers import NOT_APPLICABLE, PATH_KEY, UNSURE
from assessment.imports.cells import CellError, converter, to_bool, to_text
from assessment.sheet_columns import (
    BASE_COLUMNS,
    EXPORT_COLUMNS,
    IGNORED_EXPORT_COLUMNS,
    USED_EXPORT_COLUMNS,
    answer_ids,
    question_ids,
)
from questionnaires import get

SME, DCMM, CMMM = "sme-2024", "dcmm-2025", "cmmm-2020"


@pytest.mark.parametrize("cell", [1, 1.0, "1", "是", "TRUE", " yes ", True])
def test_yes_cells(cell):
    assert to_bool(cell) is True


@pytest.mark.parametrize("cell", [0, "0", "否", "false", "N", False, "0.0"])
def test_no_cells(cell):
    assert to_bool(cell) is False


@pytest.mark.parametrize("cell", [2, "maybe", 0.5])
def test_other_cells_are_not_yes_or_no(cell):
    with pytest.raises(CellError) as info:
        to_bool(cell)
    assert "1/0" in info.value.en and "1/0" in info.value.zh


def test_text_cells_keep_whole_numbers_whole_and_refuse_dates():
    assert (to_text(12.0), to_text(7), to_text(True), to_text("园区")) == ("12", "7", "TRUE", "园区")
    with pytest.raises(CellError):
        to_text(date(2025, 1, 1))


def test_dcmm_cells_become_levels_criteria_and_checks():
    q = get(DCMM)
    item = next(iter(q.quick_item_ids))
    criterion = q.detail_ids(item)[0]
    assert converter(q, item)(3.0, False) == 3
    assert converter(q, item)("不确定", False) == UNSURE
    assert converter(q, criterion)("是", False) is True
    assert converter(q, f"{item}.check")(0, False) is False


def test_cmmm_cells_become_paths_sub_domain_levels_and_requirement_values():
    q = get(CMMM)
    sub = next(iter(q.quick_item_ids))
    requirement = q.detail_ids(sub)[0]
    path = q.paths[0]
    assert converter(q, PATH_KEY)(q.path_names[path].zh, False) == path
    assert converter(q, sub)("不适用", False) == NOT_APPLICABLE
    assert converter(q, sub)("4", False) == 4
    assert converter(q, requirement)("全部满足", False) == q.scoring.values["full"]
    assert converter(q, requirement)(0.5, False) == 0.5
    with pytest.raises(CellError):
        converter(q, requirement)("perhaps", False)


def test_sme_cells_become_options_numbers_and_percentages():
    q = get(SME)
    multi = next(x for x in q.questions if x.type == "multi")
    band = next(x for x in q.questions if x.type == "band")
    assert converter(q, multi.id)("a；b, c", False) == ["a", "b", "c"]
    assert converter(q, band.id)(0.45, True) == pytest.approx(45)
    assert converter(q, band.id)("1,200", False) == 1200
    assert converter(q, q.scenarios[0].id)("3", False) == 3


def test_an_export_row_is_read_by_the_import_column_for_column():
    """Every column the export writes is required, used or ignored by the import: none unknown."""
    assert set(EXPORT_COLUMNS) == set(BASE_COLUMNS) | set(USED_EXPORT_COLUMNS) | set(IGNORED_EXPORT_COLUMNS)
    assert IGNORED_EXPORT_COLUMNS == ("status", "source", "overall_score", "overall_level", "archetype")
    for qid in (SME, DCMM, CMMM):
        q = get(qid)
        assert set(question_ids(q)) <= set(answer_ids(q))

"""The column vocabulary of a sheet of assessments, one row per assessment: what the import reads,
the template offers and the export writes, so that an export can be imported again.

A row names its enterprise (the profile columns), its questionnaire and round, then one column
per answer (``question_ids`` / ``answer_ids``); an export adds the version, status, source,
synthetic flag, scores and one column per part score (``part_ids``).
"""

from __future__ import annotations

from assessment.answers import PATH_KEY, check_id
from assessment.enterprises import FIELDS, LABELS
from assessment.lifecycle import result_parts
from assessment.scoring import score
from questionnaires import SmeQuestionnaire
from questionnaires.schema import AnyQuestionnaire, CmmmQuestionnaire

SHEET_TITLE = "assessments"  # the sheet the template and the export write, and the import reads first
BASE_COLUMNS = ("credit_code", "name", "park", "industry", "size", "questionnaire", "round")  # required on import
PROFILE_COLUMNS = ("credit_code", "name", "park", "industry", "size")
OPTIONAL_PROFILE_COLUMNS = tuple(f for f in FIELDS if f not in PROFILE_COLUMNS)
EXPORT_COLUMNS = (
    "credit_code",
    "name",
    "park",
    "industry",
    "size",
    "questionnaire",
    "version",
    "round",
    "status",
    "source",
    "synthetic",
    "overall_score",
    "overall_level",
    "archetype",
)
# of the export's own columns, the import uses these two and ignores the others (scores are recomputed)
USED_EXPORT_COLUMNS = ("version", "synthetic")
IGNORED_EXPORT_COLUMNS = tuple(c for c in EXPORT_COLUMNS if c not in BASE_COLUMNS + USED_EXPORT_COLUMNS)

COLUMN_LABELS = {
    **LABELS,
    "questionnaire": ("问卷编号", "questionnaire id"),
    "round": ("评估轮次", "round"),
    "version": ("问卷版本", "questionnaire version"),
    "synthetic": ("合成数据", "synthetic"),
}


def question_ids(q: AnyQuestionnaire) -> list[str]:
    """Answer columns of a questionnaire, in form order: DCMM item (quick mode) then its criteria;
    CMMM the path, then each sub-domain (quick mode) then its requirements; SME question then its
    raw figures, then the scenarios."""
    if isinstance(q, SmeQuestionnaire):
        return [qid for x in q.questions for qid in (x.id, *(f.id for f in x.figures))] + [s.id for s in q.scenarios]
    first = [PATH_KEY] if isinstance(q, CmmmQuestionnaire) else []
    return first + [qid for item_id in q.quick_item_ids for qid in (item_id, *q.detail_ids(item_id))]


def answer_ids(q: AnyQuestionnaire) -> list[str]:
    """Every answer column an import reads: the form's questions, and for DCMM and CMMM the
    quick-mode checks (``<item>.check``), which an export carries but the template leaves out."""
    if isinstance(q, SmeQuestionnaire):
        return question_ids(q)
    return question_ids(q) + [check_id(item_id) for item_id in q.quick_item_ids]


_PARTS: dict[tuple[str, str], list[str]] = {}


def part_ids(q: AnyQuestionnaire) -> list[str]:
    """The ids of the per-part scores the store keeps (DCMM areas; SME dimensions and
    ``operations``), in order: taken from ``lifecycle.result_parts`` so that they stay in step."""
    key = (q.id, q.version)
    if key not in _PARTS:
        _PARTS[key] = list(result_parts(score(q, {})))
    return _PARTS[key]

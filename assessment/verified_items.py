"""What is verified one by one, per kind of questionnaire: DCMM items (their level); SME
questions (their points) and scenarios (their level). Shared by the verification, the side-by-side
views and the cohort's gaps, so that all of them compare the same things."""

from __future__ import annotations

from questionnaires.schema import DcmmQuestionnaire


def item_ids(q) -> list[str]:
    """The ids verified one by one, in questionnaire order: DCMM items; SME questions, scenarios."""
    if isinstance(q, DcmmQuestionnaire):
        return [item.id for item in q.items]
    return [x.id for x in q.questions] + [sc.id for sc in q.scenarios]


def item_label(q, item_id: str) -> dict[str, str]:
    """An item's display name in both languages: DCMM clause and name; SME question or scenario."""
    if isinstance(q, DcmmQuestionnaire):
        item = q.item_by_id[item_id]
        return {lang: f"{item.clause} {item.name.get(lang)}" for lang in ("zh", "en")}
    found = q.question_by_id.get(item_id) or q.scenario_by_id[item_id]
    return {lang: found.name.get(lang) for lang in ("zh", "en")}


def item_levels(q, result: dict) -> dict[str, float]:
    """What is compared item by item: DCMM item levels; SME question points and scenario levels."""
    if isinstance(q, DcmmQuestionnaire):
        return {item_id: float(v["level"]) for item_id, v in result["items"].items()}
    return {
        **{k: float(v) for k, v in result["questions"].items()},
        **{k: float(v) for k, v in result["scenarios"].items()},
    }

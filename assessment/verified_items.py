"""What is verified one by one, per kind of questionnaire: DCMM items (their level); SME
questions (their points) and scenarios (their level); CMMM sub-domains (their level, or not
applicable). Shared by the verification, the side-by-side views and the cohort's gaps, so that
all of them compare the same things."""

from __future__ import annotations

from questionnaires.schema import CmmmQuestionnaire, DcmmQuestionnaire

NOT_APPLICABLE_TEXT = {"zh": "不适用", "en": "n/a"}


def item_ids(q) -> list[str]:
    """The ids verified one by one, in questionnaire order: DCMM items; SME questions, scenarios;
    CMMM sub-domains."""
    if isinstance(q, DcmmQuestionnaire):
        return [item.id for item in q.items]
    if isinstance(q, CmmmQuestionnaire):
        return [sub.id for sub in q.subdomains]
    return [x.id for x in q.questions] + [sc.id for sc in q.scenarios]


def item_label(q, item_id: str) -> dict[str, str]:
    """An item's display name in both languages: DCMM clause and name; SME question or scenario;
    CMMM domain and sub-domain (the sub-domain alone where it is the domain's only one)."""
    if isinstance(q, DcmmQuestionnaire):
        item = q.item_by_id[item_id]
        return {lang: f"{item.clause} {item.name.get(lang)}" for lang in ("zh", "en")}
    if isinstance(q, CmmmQuestionnaire):
        sub = q.subdomain_by_id[item_id]
        domain = next(d for d in q.domains if d.id == q.domain_of_subdomain[item_id])
        if len(domain.subdomains) == 1:
            return {lang: sub.name.get(lang) for lang in ("zh", "en")}
        return {lang: f"{domain.name.get(lang)} · {sub.name.get(lang)}" for lang in ("zh", "en")}
    found = q.question_by_id.get(item_id) or q.scenario_by_id[item_id]
    return {lang: found.name.get(lang) for lang in ("zh", "en")}


def item_levels(q, result: dict) -> dict[str, float | None]:
    """What is compared item by item: DCMM item levels; SME question points and scenario levels;
    CMMM sub-domain levels (0-5), None where the sub-domain is not assessed (marked not applicable,
    or not on the enterprise's path) — so an assessor refusing a "not applicable" shows as a
    difference, and gaps leave such pairs out."""
    if isinstance(q, DcmmQuestionnaire):
        return {item_id: float(v["level"]) for item_id, v in result["items"].items()}
    if isinstance(q, CmmmQuestionnaire):
        return {k: None if v["level"] is None else float(v["level"]) for k, v in result["subdomains"].items()}
    return {
        **{k: float(v) for k, v in result["questions"].items()},
        **{k: float(v) for k, v in result["scenarios"].items()},
    }


def value_text(value: float | None, lang: str) -> str:
    """A compared value for display: the number, or "不适用 / n/a" for a CMMM sub-domain not assessed."""
    return NOT_APPLICABLE_TEXT[lang] if value is None else f"{value:g}"

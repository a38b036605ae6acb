"""Checks of a CMMM bank that span fields (``questionnaires.loader.consistency_problems``).

Each problem is ``(field path, message)``: ids nest (domain → sub-domain → requirement), every
sub-domain describes levels 1-5 and has 2-4 requirements at each, a sub-domain that may be marked
not applicable says why, every domain keeps something to assess on every path whatever is marked
not applicable, and the answer values are the four of GB/T 39117's practice.
"""

from __future__ import annotations

from collections import Counter

from questionnaires.schema import PATHS, CmmmQuestionnaire

REQUIREMENTS_PER_LEVEL = (2, 4)
VALUE_NAMES = ("full", "mostly", "partly", "none")


def _duplicates(ids: list[str]) -> list[str]:
    return [i for i, n in Counter(ids).items() if n > 1]


def cmmm_problems(q: CmmmQuestionnaire) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    values = q.scoring.values
    if sorted(values) != sorted(VALUE_NAMES):
        out.append(("scoring.values", f"must name {', '.join(VALUE_NAMES)}"))
    elif not values["none"] < values["partly"] < values["mostly"] < values["full"] == 1:
        out.append(("scoring.values", "must rise from none to full, and full must be 1"))
    if [lv.level for lv in q.levels] != [1, 2, 3, 4, 5]:
        out.append(("levels", "must list levels 1..5 in order"))
    if sorted(q.path_names) != sorted(q.paths) or any(p not in PATHS for p in q.paths):
        out.append(("path_names", f"must name each of the paths {q.paths}"))
    if q.estimate_note is None:
        out.append(
            ("notes", "needs a note 'estimate' saying the result is a self-assessment estimate, not a certified level")
        )
    ids: list[str] = ["path"]
    for ei, element in enumerate(q.elements):
        ids.append(element.id)
        for di, domain in enumerate(element.domains):
            at = f"elements.{ei}.domains.{di}"
            ids.append(domain.id)
            for path in q.paths:
                if not any(path in s.paths and not s.may_be_na for s in domain.subdomains):
                    out.append(
                        (at, f"nothing left to assess on the {path} path when all that may be is marked not applicable")
                    )
            for si, sub in enumerate(domain.subdomains):
                out += [(f"{at}.subdomains.{si}.{field}", msg) for field, msg in _subdomain_problems(sub, domain.id, q)]
                ids.append(sub.id)
                ids.extend(r.id for r in sub.requirements)
    for dup in _duplicates(ids):
        out.append(("elements", f"id {dup!r} is used more than once"))
    return out


def _subdomain_problems(sub, domain_id: str, q: CmmmQuestionnaire) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if not sub.id.startswith(domain_id + "."):
        out.append(("id", f"{sub.id!r} must start with the domain id {domain_id!r}."))
    if any(p not in q.paths for p in sub.paths):
        out.append(("paths", f"must be among the bank's paths {q.paths}"))
    if sub.may_be_na != (sub.na_reason is not None):
        out.append(("na_reason", "a sub-domain that may be marked not applicable says why (and only such a one)"))
    if [lv.level for lv in sub.levels] != [1, 2, 3, 4, 5]:
        out.append(("levels", "must describe levels 1..5 in order"))
    low, high = REQUIREMENTS_PER_LEVEL
    for level, req_ids in sub.requirements_by_level.items():
        if not low <= len(req_ids) <= high:
            out.append(("requirements", f"level {level} has {len(req_ids)} requirements, needs {low}-{high}"))
    for ri, req in enumerate(sub.requirements):
        if not req.id.startswith(f"{sub.id}.l{req.level}."):
            out.append((f"requirements.{ri}.id", f"{req.id!r} must start with {sub.id}.l{req.level}."))
    levels = [g.level for g in sub.guidance]
    if None in levels or _duplicates([str(x) for x in levels]):
        out.append(("guidance", "each entry needs a distinct target level"))
    return out

"""Small questionnaires built in code, for tests that need numbers worked out by hand."""

from __future__ import annotations

from questionnaires.loader import parse


def t(s: str) -> dict:
    return {"zh": f"{s}（中）", "en": s}


GUIDE = [{"effort": "low", "steps": [t("do the next thing")]}]


def dcmm_item(item_id: str, per_level: dict[int, int], red: tuple[str, ...] = (), weight: float = 1):
    criteria = [
        {
            "id": f"{item_id}.l{lv}.{n}",
            "level": lv,
            "text": t(f"criterion {lv}.{n}"),
            "evidence": t("a document"),
            "red_line": f"{item_id}.l{lv}.{n}" in red,
        }
        for lv in (2, 3, 4, 5)
        for n in range(1, per_level.get(lv, 3) + 1)
    ]
    return {
        "id": item_id,
        "clause": "1.1",
        "name": t(item_id),
        "weight": weight,
        "purpose": t("purpose"),
        "levels": [{"level": lv, "description": t(f"level {lv}")} for lv in range(1, 6)],
        "criteria": criteria,
        "guidance": [{"level": lv, "effort": "low", "steps": [t("step")]} for lv in (2, 3, 4, 5)],
    }


LEVELS_DCMM = [{"level": lv, "name": t(f"L{lv}")} for lv in range(1, 6)]


def tiny_dcmm_data() -> dict:
    """Area a (weight 1): items a.x, a.y; area b (weight 2): item b.z.
    Red lines: a.x.l2.1 and b.z.l3.1."""
    return {
        "id": "tiny-dcmm",
        "version": "1",
        "kind": "dcmm",
        "title": t("Tiny DCMM"),
        "standard": "test",
        "description": t("test"),
        "levels": LEVELS_DCMM,
        "areas": [
            {
                "id": "a",
                "clause": "1",
                "name": t("Area A"),
                "weight": 1,
                "items": [dcmm_item("a.x", {}, red=("a.x.l2.1",)), dcmm_item("a.y", {2: 2, 5: 4})],
            },
            {
                "id": "b",
                "clause": "2",
                "name": t("Area B"),
                "weight": 2,
                "items": [dcmm_item("b.z", {}, red=("b.z.l3.1",))],
            },
        ],
    }


def tiny_dcmm():
    return parse(tiny_dcmm_data(), "tiny-dcmm")


def option(oid: str, points: float, exclusive: bool = False) -> dict:
    return {"id": oid, "text": t(oid), "points": points, "exclusive": exclusive}


def tiny_sme_data() -> dict:
    """d1 (60): q1 multi capped at 30, q2 band 0-50-100; d2 (40): q3 single.
    Scenarios s1..s4, s1 and s2 constraint. Rules L1 20/2/1, L2 50/3/2, L3 80/4/2."""
    return {
        "id": "tiny-sme",
        "version": "1",
        "kind": "sme",
        "title": t("Tiny SME"),
        "standard": "test",
        "description": t("test"),
        "levels": [{"level": lv, "name": t(f"L{lv}")} for lv in range(0, 5)],
        "dimensions": [
            {
                "id": "d1",
                "name": t("D1"),
                "max_points": 60,
                "groups": [{"id": "g1", "name": t("G1"), "max_points": 60}],
                "questions": [
                    {
                        "id": "d1.q1",
                        "group": "g1",
                        "name": t("q1"),
                        "text": t("q1?"),
                        "type": "multi",
                        "max_points": 30,
                        "options": [
                            option("none", 0, True),
                            option("a", 10),
                            option("b", 10),
                            option("c", 15),
                        ],
                        "guidance": GUIDE,
                    },
                    {
                        "id": "d1.q2",
                        "group": "g1",
                        "name": t("q2"),
                        "text": t("q2?"),
                        "type": "band",
                        "max_points": 30,
                        "unit": t("%"),
                        "bands": [
                            {"min": 0, "max": 50, "points": 0},
                            {"min": 50, "max": 100, "points": 30},
                        ],
                        "figures": [{"id": "d1.q2.count", "name": t("count")}],
                        "guidance": GUIDE,
                    },
                ],
            },
            {
                "id": "d2",
                "name": t("D2"),
                "max_points": 40,
                "groups": [{"id": "g2", "name": t("G2"), "max_points": 40}],
                "questions": [
                    {
                        "id": "d2.q3",
                        "group": "g2",
                        "name": t("q3"),
                        "text": t("q3?"),
                        "type": "single",
                        "max_points": 40,
                        "options": [option("x", 0), option("y", 20), option("z", 40)],
                        "guidance": GUIDE,
                    }
                ],
            },
        ],
        "scenarios": [
            {
                "id": f"s{k}",
                "group": t("G"),
                "name": t(f"s{k}"),
                "constraint": k <= 2,
                "levels": [{"level": lv, "description": t(f"l{lv}")} for lv in range(1, 5)],
                "guidance": [{"level": lv, "effort": "low", "steps": [t("step")]} for lv in range(1, 5)],
            }
            for k in range(1, 5)
        ],
        "level_rules": [
            {"level": 1, "min_score": 20, "min_scenarios": 2, "min_constraint": 1},
            {"level": 2, "min_score": 50, "min_scenarios": 3, "min_constraint": 2},
            {"level": 3, "min_score": 80, "min_scenarios": 4, "min_constraint": 2},
        ],
    }


def tiny_sme():
    return parse(tiny_sme_data(), "tiny-sme")


def cmmm_sub(sub_id: str, per_level: int = 2, paths=("discrete", "process"), may_be_na: bool = False) -> dict:
    sub = {
        "id": sub_id,
        "name": t(sub_id),
        "weight": 1,
        "paths": list(paths),
        "may_be_na": may_be_na,
        "purpose": t("purpose"),
        "levels": [{"level": lv, "description": t(f"level {lv}")} for lv in range(1, 6)],
        "requirements": [
            {"id": f"{sub_id}.l{lv}.{n}", "level": lv, "text": t(f"{sub_id} {lv}.{n}"), "evidence": t("a record")}
            for lv in range(1, 6)
            for n in range(1, per_level + 1)
        ],
        "guidance": [{"level": lv, "effort": "low", "steps": [t("step")]} for lv in range(1, 6)],
    }
    if may_be_na:
        sub["na_reason"] = t("no design function")
    return sub


def tiny_cmmm_data(final_score: str = "n_plus_next") -> dict:
    """Two elements, three domains, five sub-domains: ``org.main``; ``design.product`` (may be
    "na") and ``design.process``; ``prod.ops`` (4 requirements a level) and ``prod.extra`` (on
    the process path only)."""
    return {
        "id": "tiny-cmmm",
        "version": "1",
        "kind": "cmmm",
        "title": t("tiny cmmm"),
        "standard": "GB/T 39116-2020",
        "description": t("a tiny bank"),
        "notes": [{"id": "estimate", "text": t("an estimate, not a certified level")}],
        "levels": [{"level": lv, "name": t(f"L{lv}"), "meaning": t(f"meaning {lv}")} for lv in range(1, 6)],
        "paths": ["discrete", "process"],
        "path_names": {"discrete": t("discrete"), "process": t("process")},
        "scoring": {
            "values": {"full": 1, "mostly": 0.8, "partly": 0.5, "none": 0},
            "threshold": 0.8,
            "final_score": final_score,
        },
        "elements": [
            {
                "id": "people",
                "name": t("people"),
                "domains": [{"id": "org", "name": t("org"), "subdomains": [cmmm_sub("org.main")]}],
            },
            {
                "id": "make",
                "name": t("make"),
                "domains": [
                    {
                        "id": "design",
                        "name": t("design"),
                        "subdomains": [cmmm_sub("design.product", may_be_na=True), cmmm_sub("design.process")],
                    },
                    {
                        "id": "prod",
                        "name": t("prod"),
                        "subdomains": [cmmm_sub("prod.ops", per_level=4), cmmm_sub("prod.extra", paths=("process",))],
                    },
                ],
            },
        ],
    }


def tiny_cmmm(final_score: str = "n_plus_next"):
    return parse(tiny_cmmm_data(final_score), "tiny-cmmm")

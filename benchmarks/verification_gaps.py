"""What on-site verification found across a cohort, for the bureau: how much of the cohort is
verified, the mean self-minus-verified gap by item (which items enterprises overrate), and the
flags that proved right (flagged self-assessments whose verified level is lower).

Rules: the cohort is ``cohorts.load`` (the best source per enterprise and round, on-site first),
so "verified" means the enterprise's figure in the cohort is an on-site record. The gaps come
from every self-assessment (or import) of the cohort's enterprises and rounds that has a
submitted verification (its latest on-site revision): per item, self minus verified (DCMM item
levels; SME question points and scenario levels; CMMM sub-domain levels, leaving out a pair where
either side is not assessed — "not applicable" or off the path), averaged over those pairs. A flag "proved
right" when the verified overall level is below the self-assessed one.
"""

from __future__ import annotations

import pandas as pd

from assessment import verification, verified_items
from assessment.access import Actor, require_bureau
from assessment.cohort import CohortFilter
from assessment.db import Store
from benchmarks import cohorts
from questionnaires import get


def summary(store: Store, actor: Actor, flt: CohortFilter) -> dict:
    """``{enterprises, verified, share, pairs, level_gap, lower, items, flags}``: ``items`` a
    DataFrame ``item, mean_gap, overrated, pairs`` sorted by the mean gap, largest first;
    ``flags`` ``{flagged, flagged_lower, unflagged, unflagged_lower, by_code: {code: {pairs,
    lower}}}``."""
    require_bureau(store, actor, "verification.summary")
    frame = cohorts.load(store, flt)
    q = get(flt.questionnaire)
    total = len(frame)
    verified = int((frame["source"] == "onsite").sum()) if total else 0
    slots = set(zip(frame["credit_code"], frame["round"], strict=True)) if total else set()
    pairs = [
        p for p in verification.verified_pairs(store, flt.questionnaire) if (p["credit_code"], p["round"]) in slots
    ]
    rows, levels = [], []
    by_code: dict[str, dict[str, int]] = {}
    for p in pairs:
        mine = verified_items.item_levels(q, p["self_result"])
        theirs = verified_items.item_levels(q, p["verified_result"])
        rows += [
            {"item": k, "gap": mine[k] - theirs[k]}  # type: ignore[operator]  # both numbers here
            for k in theirs
            if mine.get(k) is not None and theirs[k] is not None
        ]
        lower = p["verified_result"]["overall"]["level"] < p["self_result"]["overall"]["level"]
        levels.append((p["self_result"]["overall"]["level"] - p["verified_result"]["overall"]["level"], lower, p))
        for code in p["flags"]:
            counts = by_code.setdefault(code, {"pairs": 0, "lower": 0})
            counts["pairs"] += 1
            counts["lower"] += int(lower)
    gaps = pd.DataFrame(rows, columns=["item", "gap"])
    order = {item_id: n for n, item_id in enumerate(verified_items.item_ids(q))}
    items = (
        gaps.groupby("item")["gap"]
        .agg(mean_gap="mean", overrated=lambda g: int((g > 0).sum()), pairs="size")
        .reset_index()
        .assign(_order=lambda t: t["item"].map(order))
        .sort_values(["mean_gap", "_order"], ascending=[False, True], kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
        if len(gaps)
        else pd.DataFrame(columns=["item", "mean_gap", "overrated", "pairs"])
    )
    flagged = [(gap, lower) for gap, lower, p in levels if p["flags"]]
    unflagged = [(gap, lower) for gap, lower, p in levels if not p["flags"]]
    return {
        "enterprises": total,
        "verified": verified,
        "share": verified / total if total else None,
        "pairs": len(pairs),
        "level_gap": sum(g for g, _, _ in levels) / len(levels) if levels else None,
        "lower": sum(lower for _, lower, _ in levels),
        "items": items,
        "flags": {
            "flagged": len(flagged),
            "flagged_lower": sum(lower for _, lower in flagged),
            "unflagged": len(unflagged),
            "unflagged_lower": sum(lower for _, lower in unflagged),
            "by_code": by_code,
        },
    }

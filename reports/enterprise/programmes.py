"""The programmes the enterprise qualifies for, and the nearest one with what stands between."""

from __future__ import annotations

from reportlab.platypus import Flowable

from reports.bundle import EnterpriseBundle
from reports.enterprise.common import EnterpriseText
from reports.layout import P, Styles, bullet, heading


def programmes(w: EnterpriseText, b: EnterpriseBundle, st: Styles, number: int) -> list[Flowable]:
    """The programmes it qualifies for now and the nearest one with what stands between,
    each gap with the roadmap's actions (by their number) that close it."""
    found = b.programmes
    out = [*heading(w.t("s_programmes"), st, number), P(w.t("programmes_intro"), st.body)]
    if not found["eligible"]:
        out.append(P(w.t("programmes_none"), st.body))
    for s in found["eligible"]:
        out.append(P(w.t("programme_eligible", name=w.name(s["name"]), benefit=w.name(s["benefit"])), st.h2))
        basis = (
            "；".join(w.name(m["text"]) for m in s["met"])
            if w.lang == "zh"
            else "; ".join(w.name(m["text"]) for m in s["met"])
        )
        out.append(P(w.t("programme_basis", basis=basis), st.small))
    near = found["nearest"]
    if near is None:
        return out
    out.append(P(w.t("programme_nearest", name=w.name(near["name"]), n=len(near["missing"])), st.h2))
    for missing in near["missing"]:
        out.append(bullet(w.name(missing["gap"]), st.bullet))
        if missing["actions"]:
            closing = w.gap_join(
                w.t("programme_action", n=a["rank"], name=w.name(a["name"])) for a in missing["actions"]
            )
            out.append(P(closing, st.small))
    return out

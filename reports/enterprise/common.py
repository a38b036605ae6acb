"""What the sections of the enterprise report share: the report's language and the few
phrases more than one section writes."""

from __future__ import annotations

from assessment.answers import UNSURE
from reports.bundle import EnterpriseBundle
from reports.text import Localised, fmt, fmt_score

GROUP_KEYS = {"park": "group_park", "industry": "group_industry", "size": "group_size"}
NUMBERS = "①②③④⑤⑥⑦⑧⑨⑩"


class EnterpriseText(Localised):
    """The report's language, with the phrases more than one section writes."""

    def gap_join(self, texts) -> str:
        """Numbered items run on in one paragraph (faster to lay out than one per line)."""
        return ("　" if self.lang == "zh" else "   ").join(texts)

    def score_text(self, b: EnterpriseBundle) -> str:
        kind = b.result["kind"]
        return self.t(f"score_of_{kind}", score=fmt_score(b.result["overall"]["score"]))

    def path_text(self, b: EnterpriseBundle) -> str:
        """The manufacturing path of a CMMM result (离散型/流程型制造)."""
        return self.name(b.questionnaire.path_names[b.result["path"]].model_dump())

    def formula_text(self, b: EnterpriseBundle) -> str:
        return self.t(f"formula_{b.result['overall']['formula']}")

    @staticmethod
    def mode_key(ir: dict) -> str:
        """How an item was answered: detailed, quick, or quick with "not sure" or a failed check;
        a CMMM sub-domain may be marked not applicable."""
        if ir["mode"] == "na":
            return "mode_na"
        if ir["mode"] != "quick":
            return "mode_detailed"
        quick = ir.get("quick") or {}
        if quick.get("answer") == UNSURE:
            return "mode_unsure"
        return "mode_check_failed" if quick.get("check") is False else "mode_quick"

    def requirement_answer(self, q, value) -> str:
        """A requirement's answer in words: 全部 / 大部分 / 部分 / 不满足 (the bank's values)."""
        key = next((k for k, v in q.scoring.values.items() if abs(v - value) < 1e-9), None)
        return self.t(f"answer_{key}") if key else fmt(value, 1)

    def sme_need(self, check: dict, target: int) -> str:
        needs = []
        if check["score_short"] > 0:
            needs.append(self.t("need_points", value=fmt(check["score_short"], 1)))
        if check["scenarios_short"] > 0:
            needs.append(self.t("need_scenarios", value=check["scenarios_short"], n=target))
        if check["constraint_short"] > 0:
            needs.append(self.t("need_constraint", value=check["constraint_short"]))
        sep = "；" if self.lang == "zh" else "; "
        return self.t("next_sme", n=target, items=sep.join(needs))

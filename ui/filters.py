"""The cohort filter shared by the bureau's pages, and the cached cohort figures behind it.

The filter's values live under a plain session key (``cohort_filter``), not only in the widgets:
a widget's state is dropped when the user leaves its page, and the filter must follow the
analyst from the dashboard to the archetypes, progress, enterprises and reports pages.

The figures come from ``benchmarks.dashboard`` (the same core calls as the command line) and
are cached per database, filter and data generation: a filter seen before comes back at once,
and a new submission, import or refit changes the generation and shows up on the next run.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assessment.cohort import CohortFilter, distinct_values
from assessment.directory import SIZES, SOURCES
from assessment.lifecycle import SOURCES as SOURCE_IDS
from benchmarks import cohorts, dashboard, progress
from questionnaires import available
from ui import labels, state
from ui.i18n import tr
from ui.markup import plain

STATE = "cohort_filter"
FIELDS = ("questionnaire", "version", "park", "industry", "size", "round", "source")
ALL = ""  # the "all" choice of a filter (a selectbox option needs a value)
BUREAU = ("analyst", "admin")


KIND_ORDER = ("sme", "dcmm", "cmmm")


def questionnaire_ids() -> list[str]:
    """The SME questionnaire first (most enterprises take it), then DCMM, newest edition first,
    then smart-manufacturing maturity (CMMM)."""
    banks = available()
    return sorted(banks, key=lambda i: (KIND_ORDER.index(banks[i].kind), [-ord(c) for c in i]))


@st.cache_data(max_entries=16, show_spinner=False)
def _options(path: str, generation: tuple, questionnaire: str) -> dict[str, list[str]]:
    store = state.store()
    size_order = list(SIZES)
    return {
        "version": dashboard.versions(store, questionnaire),
        "park": distinct_values(store, "park"),
        "industry": distinct_values(store, "industry"),
        "size": sorted(distinct_values(store, "size"), key=lambda s: size_order.index(s) if s in SIZES else 99),
        "round": distinct_values(store, "round"),
        "source": [s for s in SOURCE_IDS if s in set(distinct_values(store, "source"))] or list(SOURCE_IDS),
    }


def _keep(field: str) -> None:
    st.session_state[STATE][field] = st.session_state[f"flt_{field}"]


def _clear() -> None:
    st.session_state[STATE] = {"questionnaire": st.session_state[STATE]["questionnaire"]}


def _all_label(field: str, lang: str) -> str:
    names = {
        "version": ("全部版本", "all versions"),
        "park": ("全部园区", "all parks"),
        "industry": ("全部行业", "all industries"),
        "size": ("全部规模", "all sizes"),
        "round": ("全部轮次", "all rounds"),
        "source": ("全部来源", "all sources"),
    }[field]
    return tr(lang, *names)


def value_label(field: str, value: str, lang: str) -> str:
    """How a filter value reads on the page."""
    if value == ALL or value is None:
        return _all_label(field, lang)
    if field == "questionnaire":
        return f"{available()[value].title.get(lang)} ({value})"
    if field in ("park", "industry", "size"):
        return labels.group(field, value, lang)
    if field == "source":
        return SOURCES[value][1 if lang == "en" else 0] if value in SOURCES else value
    if field == "version":
        return tr(lang, f"版本 {value}", f"version {value}")
    return value


FIELD_LABELS = {
    "questionnaire": ("问卷（版别）", "Questionnaire (edition)"),
    "version": ("问卷版本", "Version"),
    "park": ("园区", "Park"),
    "industry": ("行业", "Industry"),
    "size": ("规模", "Size class"),
    "round": ("轮次", "Round"),
    "source": ("来源", "Source"),
}


def _select(where, field: str, options: list[str], lang: str, help: str | None = None) -> str:
    saved = st.session_state[STATE].get(field, options[0])
    if saved not in options:  # e.g. a version of another questionnaire, or a round now gone
        saved = options[0]
        st.session_state[STATE][field] = saved
    st.session_state[f"flt_{field}"] = saved
    return where.selectbox(
        tr(lang, *FIELD_LABELS[field]),
        options,
        format_func=lambda v: value_label(field, v, lang),
        key=f"flt_{field}",
        on_change=_keep,
        args=(field,),
        help=help,
    )


def show(lang: str) -> CohortFilter:
    """Draw the filter (at the top of a bureau page) and return the chosen ``CohortFilter``."""
    store = state.store()
    ids = questionnaire_ids()
    if STATE not in st.session_state:
        st.session_state[STATE] = {"questionnaire": ids[0]}
    with st.container(border=True):
        st.markdown(tr(lang, "**筛选条件**（各看板页面共用）", "**Filters** (shared by the bureau's pages)"))
        top = st.columns([3.6, 1.2, 1.2, 1.5])
        questionnaire = _select(top[0], "questionnaire", ids, lang)
        options = _options(str(store.path), dashboard.generation(store), questionnaire)
        chosen = {"questionnaire": questionnaire}
        chosen["version"] = _select(top[1], "version", [ALL, *options["version"]], lang)
        chosen["round"] = _select(top[2], "round", [ALL, *options["round"]], lang)
        chosen["source"] = _select(
            top[3],
            "source",
            [ALL, *options["source"]],
            lang,
            help=tr(
                lang,
                "统计和报告可按来源分开查看。选“全部来源”时，同一企业同一轮有多个来源的，"
                "按 现场评测 > 导入 > 企业自评 只计一次。",
                "Statistics and reports can keep sources apart. With all sources, an enterprise "
                "with several sources in one round counts once: on-site rating over import over "
                "self-assessment.",
            ),
        )
        bottom = st.columns([2, 2, 1.3, 1])
        chosen["park"] = _select(bottom[0], "park", [ALL, *options["park"]], lang)
        chosen["industry"] = _select(bottom[1], "industry", [ALL, *options["industry"]], lang)
        chosen["size"] = _select(bottom[2], "size", [ALL, *options["size"]], lang)
        bottom[3].markdown("&nbsp;")  # aligns the button with the boxes
        bottom[3].button(tr(lang, "清除筛选", "Clear filters"), key="flt_clear", on_click=_clear)
        flt = CohortFilter(**{k: (v or None) for k, v in chosen.items()})
        st.caption(describe(flt, lang))
    return flt


def describe(flt: CohortFilter, lang: str) -> str:
    """The filter in one line, saying which choices are "all" (the defaults)."""
    parts = [plain(value_label(f, getattr(flt, f) or ALL, lang)) for f in FIELDS]
    text = tr(lang, "当前范围：", "Showing: ") + " · ".join(parts)
    if flt.source is None:
        text += tr(
            lang,
            "。来源为全部：同一企业同一轮有多个来源时按 现场评测 > 导入 > 自评 计一次。",
            ". All sources: an enterprise with several sources in one round counts once "
            "(on-site over import over self-assessment).",
        )
    if flt.round is None:
        text += tr(
            lang,
            "未选轮次时，每家企业每一轮各计一行（与命令行 benchmark 相同）。",
            " With no round chosen, each enterprise counts once per round (as `cli.py benchmark` does).",
        )
    return text


# ------------------------------------------------------------------------------ the figures

VIEWS = {
    "overview": dashboard.overview,
    "archetypes": dashboard.archetypes_view,
    "progress": progress.progress_view,
}


# a frame of 100,000 assessments takes about 30 MB: a few filters are kept, for an hour at most
@st.cache_resource(max_entries=6, ttl=3600, show_spinner=False)
def _frame(path: str, flt: CohortFilter, generation: tuple) -> pd.DataFrame:
    # shared, not copied, by every page and session: read only
    return cohorts.load(state.store(), flt)


@st.cache_resource(max_entries=4, ttl=3600, show_spinner=False)
def _rows(path: str, flt: CohortFilter, generation: tuple) -> pd.DataFrame:
    return dashboard.enterprise_rows(_frame(path, flt, generation))


@st.cache_data(max_entries=64, show_spinner=False)
def _view(view: str, path: str, flt: CohortFilter, generation: tuple, extra: tuple):
    base = progress.every_round(flt) if view == "progress" else flt
    return VIEWS[view](state.store(), flt, *extra, frame=_frame(path, base, generation))


def load(view: str, flt: CohortFilter, *extra):
    """The figures of ``view`` for ``flt``, cached per database, filter and data generation
    (``enterprises``: the table of the filter's assessments, one row per enterprise and round;
    shared between sessions, so never to be changed in place)."""
    store = state.store()
    key = (str(store.path), flt, dashboard.generation(store))
    if view == "enterprises":
        return _rows(*key)
    return _view(view, *key, extra)


def synthetic_notice(count: int, lang: str) -> None:
    """Demo data is labelled as such wherever it is shown."""
    if count:
        st.warning(
            tr(
                lang,
                f"**合成演示数据**：当前范围内 {count:,} 条评估来自虚构企业，仅供演示和培训。",
                f"**Synthetic demo data**: {count:,} assessments in this view belong to invented "
                "enterprises, for demonstration and training only.",
            ),
            icon=":material/science:",
        )

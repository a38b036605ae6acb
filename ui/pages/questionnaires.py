"""The shipped questionnaires: what each one is, its structure and its notes."""

from __future__ import annotations

import streamlit as st

from questionnaires import available
from ui import filters
from ui.i18n import current, tr

lang = current()
st.title(tr(lang, "问卷说明", "The questionnaires"))

banks = available()
for q in (banks[qid] for qid in filters.questionnaire_ids()):
    with st.container(border=True):
        st.subheader(q.title.get(lang))
        st.write(q.description.get(lang))
        if q.kind == "dcmm":
            n_criteria = len(q.criterion_by_id)
            st.write(
                tr(
                    lang,
                    f"{len(q.areas)} 个能力域 · {len(q.items)} 个能力项 · {n_criteria} 条评估标准",
                    f"{len(q.areas)} areas · {len(q.items)} items · {n_criteria} criteria",
                )
            )
        elif q.kind == "cmmm":
            st.write(
                tr(
                    lang,
                    f"{len(q.elements)} 个要素 · {len(q.domains)} 个能力域 · {len(q.subdomains)} 个能力子域 · "
                    f"{len(q.requirement_by_id)} 条要求 · " + "、".join(q.path_names[p].zh for p in q.paths),
                    f"{len(q.elements)} elements · {len(q.domains)} domains · {len(q.subdomains)} sub-domains · "
                    f"{len(q.requirement_by_id)} requirements · "
                    + ", ".join(q.path_names[p].en.lower() for p in q.paths),
                )
            )
            if q.estimate_note:
                st.warning(q.estimate_note.get(lang), icon=":material/info:")
        else:
            st.write(
                tr(
                    lang,
                    f"{len(q.questions)} 道计分题 · {len(q.scenarios)} 个业务场景",
                    f"{len(q.questions)} scored questions · {len(q.scenarios)} business scenarios",
                )
            )
        with st.expander(tr(lang, "说明与来源", "Notes and sources")):
            for note in q.notes:
                st.info(note.text.get(lang))
            for source in q.sources:
                st.markdown(f"- {source.title}" + (f" — `{source.url}`" if source.url else ""))

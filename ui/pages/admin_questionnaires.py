"""Administration: questionnaire editions and versions. The versions there are and which one is
current; checking an uploaded questionnaire file (one `field: message` line per problem);
activating a new version of a shipped edition; switching the current version back."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assessment import questionnaire_versions
from assessment.errors import AssessmentError
from questionnaires import QuestionnaireError, editions
from ui import errors, sign_in_form, state
from ui.i18n import current, tr
from ui.markup import plain

lang = current()
who = sign_in_form.require(lang, role="admin")
store = state.store()
FLASH = "questionnaires_flash"
st.title(tr(lang, "问卷版本", "Questionnaire versions"))

flash = st.session_state.pop(FLASH, None)
if flash:
    st.success(flash, icon=":material/check_circle:")


def done(message: str) -> None:
    st.session_state[FLASH] = message
    st.rerun()


def field_lines(problems: list[str], filename: str) -> str:
    """The problem lines without the file name, which the heading already shows."""
    prefix = f"{filename}: "
    return "\n".join(line[len(prefix) :] if line.startswith(prefix) else line for line in problems)


found = editions.editions()
st.dataframe(
    pd.DataFrame(
        {
            tr(lang, "编号", "Id"): [e.id for e in found],
            tr(lang, "版本", "Version"): [e.version for e in found],
            tr(lang, "类型", "Kind"): [e.kind.upper() for e in found],
            tr(lang, "名称", "Title"): [e.title.get(lang) for e in found],
            tr(lang, "当前版本", "Current"): [e.current for e in found],
            tr(lang, "来源", "Origin"): [
                tr(lang, "随工具发布", "shipped") if e.shipped else tr(lang, "已启用的新版本", "activated")
                for e in found
            ],
            tr(lang, "文件", "File"): [e.file for e in found],
        }
    ),
    hide_index=True,
    key="editions_table",
    column_config={tr(lang, "名称", "Title"): st.column_config.TextColumn(width="large")},
)
st.caption(
    tr(
        lang,
        "新的评估使用当前版本；每份评估都记录了填写时的版本，已有评估始终按其原版本计分。",
        "New assessments are answered on the current version; each assessment records the version it was "
        "answered on and always scores with that version.",
    )
)

with st.container(border=True):
    st.subheader(tr(lang, "检查问卷文件 / 启用新版本", "Check a questionnaire file / activate a new version"))
    st.caption(
        tr(
            lang,
            "上传 YAML 问卷文件即检查。若其编号与已有问卷相同、版本号是新的，可将其启用为该问卷的当前版本。",
            "Upload a YAML questionnaire file to check it. If its id is a shipped questionnaire's and its "
            "version is new, it can be activated as that questionnaire's current version.",
        )
    )
    upload = st.file_uploader(
        tr(lang, "问卷文件（.yaml）", "Questionnaire file (.yaml)"), type=["yaml", "yml"], key="questionnaire_file"
    )
    if upload is not None:
        data = upload.getvalue()
        try:
            q = editions.check_upload(data, upload.name)
        except QuestionnaireError as exc:
            st.error(
                tr(
                    lang,
                    f"{plain(upload.name)}：{len(exc.problems)} 处问题（字段: 问题）",
                    f"{plain(upload.name)}: {len(exc.problems)} problem(s) (field: message)",
                ),
                icon=":material/error:",
            )
            st.code(field_lines(exc.problems, upload.name), language=None)
        else:
            st.success(
                tr(
                    lang,
                    f"{plain(upload.name)}：格式正确（{q.id} 版本 {q.version}）",
                    f"{plain(upload.name)}: valid ({q.id} {q.version})",
                ),
                icon=":material/task_alt:",
            )
            blocked = editions.activation_problems(q, upload.name)
            if blocked:
                st.warning(
                    tr(lang, "此文件不能启用为新版本：", "This file cannot be activated as a new version:"),
                    icon=":material/block:",
                )
                st.code(field_lines(blocked, upload.name), language=None)
            elif st.button(
                tr(lang, f"启用 {q.id} 版本 {q.version}", f"Activate {q.id} version {q.version}"),
                type="primary",
                key="activate_version",
            ):
                try:
                    questionnaire_versions.activate(store, who, data, upload.name)
                except AssessmentError as exc:
                    errors.box(exc, lang)
                except QuestionnaireError as exc:
                    st.code(field_lines(exc.problems, upload.name), language=None)
                else:
                    done(
                        tr(
                            lang,
                            f"{q.id} 的当前版本已改为 {q.version}。已有评估仍按原版本计分。",
                            f"{q.id} is now at version {q.version}. Earlier assessments keep their own version.",
                        )
                    )

with st.container(border=True):
    st.subheader(tr(lang, "切换当前版本", "Switch the current version"))
    ids = sorted({e.id for e in found})
    qid = st.selectbox(tr(lang, "问卷", "Questionnaire"), ids, key="switch_id")
    versions = [e for e in found if e.id == qid]
    chosen = st.selectbox(
        tr(lang, "版本", "Version"),
        [e.version for e in versions],
        index=next(i for i, e in enumerate(versions) if e.current),
        format_func=lambda v: (
            v + (tr(lang, "（当前）", " (current)") if any(e.current and e.version == v for e in versions) else "")
        ),
        key="switch_version",
    )
    is_current = any(e.current and e.version == chosen for e in versions)
    if st.button(tr(lang, "设为当前版本", "Make it current"), key="switch_current", disabled=is_current):
        try:
            questionnaire_versions.make_current(store, who, qid, chosen)
        except AssessmentError as exc:
            errors.box(exc, lang)
        except QuestionnaireError as exc:
            st.error("\n".join(exc.problems), icon=":material/error:")
        else:
            done(tr(lang, f"{qid} 的当前版本已改为 {chosen}", f"{qid} is now at version {chosen}"))

"""Browser entry: page config and navigation. Thin; pages live in ui/."""

import streamlit as st

st.set_page_config(page_title="数字化转型评估工具箱", page_icon="📊", layout="wide")
pages = [st.Page("ui/questionnaires_page.py", title="问卷 Questionnaires", default=True)]
st.navigation(pages).run()

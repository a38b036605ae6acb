"""Streamlit pages and small components. No business logic here."""

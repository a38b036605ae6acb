"""The core: answers, scoring, storage, import/export and accounts. No UI here."""

"""The database schema as numbered migrations (sqlite-utils ``Migrations``)."""

from __future__ import annotations

import sqlite_utils
from sqlite_utils.migrations import Migrations

migrations = Migrations("assessment")


def run_statements(db: sqlite_utils.Database, script: str) -> None:
    # not executescript(): it commits the open transaction first, which would break the
    # all-or-nothing migration
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


@migrations(name="0001_initial")
def m0001_initial(db: sqlite_utils.Database) -> None:
    run_statements(
        db,
        """
        CREATE TABLE enterprises (
            credit_code TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            park TEXT,
            industry TEXT,
            size TEXT CHECK (size IN ('micro', 'small', 'medium', 'large') OR size IS NULL),
            employees INTEGER,
            revenue REAL,              -- 万元 a year
            region TEXT,               -- street / region
            contact_name TEXT,
            contact_phone TEXT,
            contact_email TEXT,
            synthetic INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX enterprises_park ON enterprises(park);
        CREATE INDEX enterprises_industry ON enterprises(industry);

        CREATE TABLE assessments (
            id INTEGER PRIMARY KEY,
            credit_code TEXT NOT NULL REFERENCES enterprises(credit_code),
            questionnaire TEXT NOT NULL,
            version TEXT NOT NULL,
            round TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('draft', 'submitted')),
            source TEXT NOT NULL CHECK (source IN ('self', 'import', 'onsite')),
            revision_of INTEGER REFERENCES assessments(id),
            synthetic INTEGER NOT NULL DEFAULT 0,
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            submitted_at TEXT
        );
        CREATE UNIQUE INDEX assessments_one_draft
            ON assessments(credit_code, questionnaire, round, source) WHERE status = 'draft';
        CREATE INDEX assessments_enterprise ON assessments(credit_code, questionnaire, round);
        -- the assessment that counts: the latest submitted revision per enterprise, questionnaire,
        -- round and source
        CREATE VIEW current_assessments AS
            SELECT a.* FROM assessments a
            WHERE a.status = 'submitted' AND a.id = (
                SELECT max(b.id) FROM assessments b
                WHERE b.credit_code = a.credit_code AND b.questionnaire = a.questionnaire
                  AND b.round = a.round AND b.source = a.source AND b.status = 'submitted');

        CREATE TABLE answers (
            assessment_id INTEGER NOT NULL REFERENCES assessments(id),
            question_id TEXT NOT NULL,
            value TEXT NOT NULL,       -- JSON
            answered_by TEXT NOT NULL,
            answered_at TEXT NOT NULL,
            PRIMARY KEY (assessment_id, question_id)
        ) WITHOUT ROWID;

        CREATE TABLE results (
            assessment_id INTEGER PRIMARY KEY REFERENCES assessments(id),
            score REAL NOT NULL,
            level INTEGER NOT NULL,
            completeness REAL NOT NULL,
            result TEXT NOT NULL,      -- the scoring JSON
            archetype TEXT,
            scored_at TEXT NOT NULL
        );
        CREATE TABLE result_parts (    -- area / dimension scores, for cohort statistics
            assessment_id INTEGER NOT NULL REFERENCES assessments(id),
            part TEXT NOT NULL,
            score REAL NOT NULL,
            PRIMARY KEY (assessment_id, part)
        ) WITHOUT ROWID;

        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            username TEXT NOT NULL UNIQUE,
            display_name TEXT,
            role TEXT NOT NULL CHECK (role IN ('enterprise', 'analyst', 'admin')),
            credit_code TEXT REFERENCES enterprises(credit_code),
            password_hash TEXT,
            disabled INTEGER NOT NULL DEFAULT 0,
            failed_logins INTEGER NOT NULL DEFAULT 0,
            locked_until TEXT,
            created_at TEXT NOT NULL,
            last_login_at TEXT,
            CHECK ((role = 'enterprise') = (credit_code IS NOT NULL))
        );

        CREATE TABLE access_codes (
            id INTEGER PRIMARY KEY,
            credit_code TEXT NOT NULL REFERENCES enterprises(credit_code),
            code_hash TEXT NOT NULL,
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            used_at TEXT,
            revoked_at TEXT
        );
        CREATE INDEX access_codes_enterprise ON access_codes(credit_code);

        CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            role TEXT NOT NULL,
            action TEXT NOT NULL,
            record_type TEXT,
            record_id TEXT,
            outcome TEXT NOT NULL DEFAULT 'ok' CHECK (outcome IN ('ok', 'denied', 'failed')),
            detail TEXT
        );
        CREATE INDEX audit_at ON audit(at);
        """,
    )


def apply_migrations(db: sqlite_utils.Database) -> None:
    """Apply pending migrations (called inside the store's BEGIN IMMEDIATE, so two processes
    opening a new database at once do not race)."""
    migrations.apply(db)


@migrations(name="0002_archetype_models")
def m0002_archetype_models(db: sqlite_utils.Database) -> None:
    run_statements(
        db,
        """
        CREATE TABLE archetype_models (
            id INTEGER PRIMARY KEY,
            questionnaire TEXT NOT NULL,
            version TEXT NOT NULL,
            fitted_at TEXT NOT NULL,
            fitted_by TEXT NOT NULL,
            data_count INTEGER NOT NULL,
            model TEXT NOT NULL,           -- JSON: parts, scaler, centroids, names (no pickle)
            active INTEGER NOT NULL DEFAULT 1
        );
        CREATE INDEX archetype_models_q ON archetype_models(questionnaire, active)
        """,
    )


@migrations(name="0003_cohort_indexes")
def m0003_cohort_indexes(db: sqlite_utils.Database) -> None:
    """Indexes for reading whole cohorts (``assessment.cohort.cohort_frame``): the current
    revision of each slot found in one pass over ``assessments_slot`` (its entries carry the
    id), and the summary columns of a result read from ``results_summary`` instead of the
    results rows, each of which holds its scoring JSON and fills a page of its own."""
    run_statements(
        db,
        """
        CREATE INDEX assessments_slot ON assessments(questionnaire, credit_code, round, source, status);
        CREATE INDEX results_summary ON results(assessment_id, score, level, completeness, archetype)
        """,
    )


@migrations(name="0004_rounds")
def m0004_rounds(db: sqlite_utils.Database) -> None:
    """The bureau's list of rounds (``assessment.rounds``). An existing database keeps the
    rounds its assessments already name; those that do not start with a four-digit year (free
    text typed before the list existed) are listed closed, so that nobody starts in them again.

    Also: a draft an enterprise account opened on a bureau record (reopen used to keep the
    record's source ``import`` / ``onsite``) becomes that enterprise's own ``self`` draft, so that
    the bureau never resumes it as its own correction; where the enterprise already has a self
    draft in that slot (or a later such draft), it is removed (it was never submitted)."""
    taken = (
        "{t}.status = 'draft' AND {t}.source IN ('import', 'onsite') "
        "AND {t}.created_by IN (SELECT username FROM users WHERE role = 'enterprise')"
    )
    clash = (
        "EXISTS (SELECT 1 FROM assessments s WHERE s.credit_code = assessments.credit_code "
        "AND s.questionnaire = assessments.questionnaire AND s.round = assessments.round "
        f"AND ((s.status = 'draft' AND s.source = 'self') OR ({taken.format(t='s')} AND s.id > assessments.id)))"
    )
    taken = taken.format(t="assessments")
    db.execute(f"DELETE FROM answers WHERE assessment_id IN (SELECT id FROM assessments WHERE {taken} AND {clash})")
    db.execute(f"DELETE FROM assessments WHERE {taken} AND {clash}")
    db.execute(f"UPDATE assessments SET source = 'self' WHERE {taken}")
    run_statements(
        db,
        """
        CREATE TABLE rounds (
            label TEXT PRIMARY KEY,
            open INTEGER NOT NULL DEFAULT 1 CHECK (open IN (0, 1)),
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        INSERT INTO rounds (label, open, created_by, created_at)
            SELECT DISTINCT round, round GLOB '[0-9][0-9][0-9][0-9]*', 'migration',
                   strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now')
            FROM assessments
        """,
    )


@migrations(name="0005_confirmation_and_snapshot")
def m0005_confirmation_and_snapshot(db: sqlite_utils.Database) -> None:
    """Small-cohort protection. ``enterprises.confirmed``: a self-registered enterprise counts
    in no cohort figure until the bureau confirms it (rows that exist already were entered
    before the rule and migrate as confirmed). ``benchmark_snapshots``: the peer cohorts that
    enterprises are compared with, frozen by the bureau's refresh, so that resubmitting cannot
    read other enterprises' scores off a live percentile."""
    run_statements(
        db,
        """
        ALTER TABLE enterprises ADD COLUMN confirmed INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE enterprises ADD COLUMN confirmed_by TEXT;
        ALTER TABLE enterprises ADD COLUMN confirmed_at TEXT;
        UPDATE enterprises SET confirmed = 1, confirmed_by = 'migration', confirmed_at = created_at;
        CREATE INDEX enterprises_unconfirmed ON enterprises(credit_code) WHERE confirmed = 0;

        CREATE TABLE benchmark_snapshots (
            id INTEGER PRIMARY KEY,
            questionnaire TEXT NOT NULL,
            round TEXT NOT NULL,
            taken_at TEXT NOT NULL,
            taken_by TEXT NOT NULL,
            enterprises INTEGER NOT NULL,
            frame TEXT NOT NULL            -- JSON {"columns": {name: [values]}}: the peer cohort
        );
        CREATE INDEX benchmark_snapshots_round ON benchmark_snapshots(questionnaire, round, id)
        """,
    )


@migrations(name="0006_sign_in_throttle")
def m0006_sign_in_throttle(db: sqlite_utils.Database) -> None:
    """Failed sign-ins, one row each, keyed by the typed username (known or not) and the client
    address (``assessment.throttle``): a lock-out holds for one account from one address, so a
    stranger elsewhere cannot lock the owner out; a per-address count throttles one address across
    accounts. The users' own ``failed_logins`` and ``locked_until`` columns are no longer written."""
    run_statements(
        db,
        """
        CREATE TABLE sign_in_failures (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            username TEXT NOT NULL,
            address TEXT NOT NULL
        );
        CREATE INDEX sign_in_failures_account ON sign_in_failures(username, address, at);
        CREATE INDEX sign_in_failures_address ON sign_in_failures(address, at);
        CREATE INDEX sign_in_failures_at ON sign_in_failures(at)
        """,
    )


@migrations(name="0010_doubt_flags")
def m0010_doubt_flags(db: sqlite_utils.Database) -> None:
    """Doubt flags kept with their assessments (``assessment.flag_store``); ``doubt_checks``
    says an assessment was checked, and under which rule set, even when nothing was found.
    Assessments submitted before this migration are checked by ``cli.py flags refresh``."""
    run_statements(
        db,
        """
        CREATE TABLE doubt_flags (
            assessment_id INTEGER NOT NULL REFERENCES assessments(id),
            code TEXT NOT NULL,
            severity TEXT NOT NULL CHECK (severity IN ('high', 'medium', 'low')),
            message_zh TEXT NOT NULL,
            message_en TEXT NOT NULL,
            detail TEXT,               -- JSON: what the rule saw (item ids, counts)
            PRIMARY KEY (assessment_id, code)
        ) WITHOUT ROWID;
        CREATE TABLE doubt_checks (
            assessment_id INTEGER PRIMARY KEY REFERENCES assessments(id),
            checked_at TEXT NOT NULL,
            rules TEXT NOT NULL        -- assessment.doubt.RULES_VERSION
        )
        """,
    )


@migrations(name="0011_programmes")
def m0011_programmes(db: sqlite_utils.Database) -> None:
    """Programmes (``assessment.programmes``): every activated version of a programme document
    (the old ones kept, one active per id), the bureau's list of service providers, and the
    enrolment of enterprises in a programme with their provider and dates."""
    run_statements(
        db,
        """
        CREATE TABLE programme_versions (
            id TEXT NOT NULL,
            version TEXT NOT NULL,
            document TEXT NOT NULL,        -- JSON of the validated programme
            filename TEXT,
            active INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
            activated_by TEXT NOT NULL,
            activated_at TEXT NOT NULL,
            PRIMARY KEY (id, version)
        );
        CREATE UNIQUE INDEX programme_versions_active ON programme_versions(id) WHERE active = 1;
        CREATE TABLE programme_providers (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            note TEXT,
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE programme_enrolments (
            id INTEGER PRIMARY KEY,
            programme TEXT NOT NULL,
            programme_version TEXT NOT NULL,
            credit_code TEXT NOT NULL REFERENCES enterprises(credit_code),
            provider_id INTEGER NOT NULL REFERENCES programme_providers(id),
            start_date TEXT NOT NULL,
            end_date TEXT,
            enrolled_by TEXT NOT NULL,
            enrolled_at TEXT NOT NULL,
            UNIQUE (programme, credit_code)
        );
        CREATE INDEX programme_enrolments_provider ON programme_enrolments(provider_id)
        """,
    )


@migrations(name="0012_verification")
def m0012_verification(db: sqlite_utils.Database) -> None:
    """On-site verification (``assessment.verification``): the assessor role (评估人员) and its
    agency on the users table; an assessment's assignment to an assessor; the link from an
    on-site record to the self-assessment it verified (``assessments.verifies``); the
    assessor's comment per item; the assessor's requests for more evidence and the enterprise's
    answers.

    SQLite cannot alter a CHECK constraint, so ``users`` is rebuilt (the documented 12-step
    pattern, inside this migration's transaction): the new table is created from the stored
    definition with ``assessor`` added to the role list and an ``agency`` column, every row is
    copied column by column (including any column a later branch added), the old table dropped,
    the new one renamed, and the table's own indexes recreated. No other table refers to
    ``users``, so no foreign key is affected."""
    table_sql = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'users'").fetchone()[0]
    old_roles = "role IN ('enterprise', 'analyst', 'admin')"
    if old_roles not in table_sql:
        raise RuntimeError("users.role: unexpected CHECK constraint; cannot add the assessor role")
    columns = [row[1] for row in db.execute("PRAGMA table_info(users)").fetchall()]
    indexes = [
        row[0]
        for row in db.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'users' AND sql IS NOT NULL"
        ).fetchall()
    ]
    # views and triggers that name the table (none today; a later one would break the rename)
    dependants = db.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE type IN ('view', 'trigger') AND sql LIKE '%users%'"
    ).fetchall()
    new_sql = table_sql.replace(old_roles, "role IN ('enterprise', 'analyst', 'admin', 'assessor')", 1)
    new_sql = new_sql.replace("CREATE TABLE users", "CREATE TABLE users_rebuilt", 1)
    db.execute(new_sql)
    listed = ", ".join(columns)
    db.execute(f"INSERT INTO users_rebuilt ({listed}) SELECT {listed} FROM users")
    for kind, name, _ in dependants:
        db.execute(f'DROP {kind.upper()} IF EXISTS "{name}"')
    db.execute("DROP TABLE users")
    db.execute("ALTER TABLE users_rebuilt RENAME TO users")
    for index_sql in indexes:
        db.execute(index_sql)
    for _, _, dependant_sql in dependants:
        db.execute(dependant_sql)
    db.execute("ALTER TABLE users ADD COLUMN agency TEXT")  # an assessor's outside agency, if any
    db.execute("ALTER TABLE assessments ADD COLUMN verifies INTEGER REFERENCES assessments(id)")
    run_statements(
        db,
        """
        CREATE INDEX assessments_verifies ON assessments(verifies) WHERE verifies IS NOT NULL;
        CREATE TABLE verification_assignments (
            assessment_id INTEGER PRIMARY KEY REFERENCES assessments(id),  -- the self-assessment
            assessor TEXT NOT NULL,
            assigned_by TEXT NOT NULL,
            assigned_at TEXT NOT NULL
        );
        CREATE INDEX verification_assignments_assessor ON verification_assignments(assessor);
        CREATE TABLE verification_comments (
            assessment_id INTEGER NOT NULL REFERENCES assessments(id),     -- the on-site record
            question_id TEXT NOT NULL,
            comment TEXT NOT NULL,
            written_by TEXT NOT NULL,
            written_at TEXT NOT NULL,
            PRIMARY KEY (assessment_id, question_id)
        ) WITHOUT ROWID;
        CREATE TABLE evidence_requests (
            id INTEGER PRIMARY KEY,
            assessment_id INTEGER NOT NULL REFERENCES assessments(id),     -- the self-assessment
            request TEXT NOT NULL,
            asked_by TEXT NOT NULL,
            asked_at TEXT NOT NULL,
            answer TEXT,
            answered_by TEXT,
            answered_at TEXT
        );
        CREATE INDEX evidence_requests_assessment ON evidence_requests(assessment_id)
        """,
    )


@migrations(name="0013_evidence")
def m0013_evidence(db: sqlite_utils.Database) -> None:
    """Evidence an enterprise attaches to a DCMM item or an SME question (``assessment.evidence``).
    The file itself lives beside the database, content-addressed by ``sha256``
    (``assessment.evidence_files``); a row is one attachment, so one file attached twice is
    stored once and removed from disk when no row refers to it any more."""
    run_statements(
        db,
        """
        CREATE TABLE evidence (
            id INTEGER PRIMARY KEY,
            assessment_id INTEGER NOT NULL REFERENCES assessments(id),
            question_id TEXT NOT NULL,     -- a DCMM item id, an SME question or scenario id
            sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
            kind TEXT NOT NULL,            -- decided from the content: pdf, png, jpeg, docx, xlsx, pptx, text
            bytes INTEGER NOT NULL CHECK (bytes > 0),
            name TEXT NOT NULL,            -- display text only, never a path
            description TEXT NOT NULL,
            added_by TEXT NOT NULL,
            added_at TEXT NOT NULL
        );
        CREATE INDEX evidence_assessment ON evidence(assessment_id, question_id);
        CREATE INDEX evidence_sha256 ON evidence(sha256)
        """,
    )

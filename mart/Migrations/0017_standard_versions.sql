-- Standard versions (issue 18): a corrected standard is a new version, never an overwrite, so a
-- document can say which version counted its numbers and a reclassification can say what it changed.

-- Every version of every standard, all its fields as they were; the latest per standard is what
-- dim_standard holds. Written by StandardsSeeder (a newer shipped file) and `disu standards update`.
CREATE TABLE standard_version (
    standard_id          VARCHAR NOT NULL,
    version              INTEGER NOT NULL,
    name_vi              VARCHAR NOT NULL,
    decree               VARCHAR NOT NULL,
    first_year           INTEGER NOT NULL,
    last_year            INTEGER NOT NULL,
    urban_line           BIGINT NOT NULL,
    rural_line           BIGINT NOT NULL,
    urban_average_top    BIGINT,
    rural_average_top    BIGINT,
    min_deprivations     INTEGER NOT NULL,
    indicators           VARCHAR[] NOT NULL,
    lines_confirmed      BOOLEAN NOT NULL,
    average_band_confirmed BOOLEAN NOT NULL,
    min_deprivations_confirmed BOOLEAN NOT NULL,
    indicators_confirmed BOOLEAN NOT NULL,
    validity_confirmed   BOOLEAN NOT NULL,
    note                 VARCHAR,
    source_kind          VARCHAR NOT NULL,   -- shipped | administrator
    source               VARCHAR NOT NULL,   -- 'poverty-standards.json version 2' | the administrator's file name and hash
    recorded_at          TIMESTAMPTZ NOT NULL,
    recorded_by          VARCHAR NOT NULL,
    PRIMARY KEY (standard_id, version)
);

-- The version dim_standard holds now; rows seeded before this migration are version 1
-- (StandardsSeeder records them in standard_version on the next open for writing). DuckDB adds no
-- column with a constraint, so NOT NULL is the writers' promise (the seeder, the load, reclassify).
ALTER TABLE dim_standard ADD COLUMN version INTEGER DEFAULT 1;

-- The version of the row's standard that computed its classification; rows loaded before this
-- migration were classified by version 1.
ALTER TABLE fact_household_year ADD COLUMN standard_version INTEGER DEFAULT 1;

-- One row per `disu standards reclassify` run that changed something (a run with nothing to do
-- writes nothing).
CREATE TABLE reclassify_run (
    run_id            BIGINT PRIMARY KEY,
    standard_id       VARCHAR NOT NULL,
    from_versions     VARCHAR NOT NULL,      -- the versions the rows were classified by, e.g. '1' or '1, 2'
    to_version        INTEGER NOT NULL,
    first_year        INTEGER NOT NULL,
    last_year         INTEGER NOT NULL,
    households        BIGINT NOT NULL,       -- current rows classified again
    computed_changed  BIGINT NOT NULL,       -- of which computed_status changed
    status_changed    BIGINT NOT NULL,       -- of which status changed (no recorded status held it)
    ward_years        BIGINT NOT NULL,       -- ward-years whose transitions were rebuilt
    started_at        TIMESTAMPTZ NOT NULL,
    finished_at       TIMESTAMPTZ NOT NULL,
    run_by            VARCHAR NOT NULL
);

-- The classification a reclassification replaced, for the rows it changed.
CREATE TABLE status_history (
    run_id               BIGINT NOT NULL,
    review_year          INTEGER NOT NULL,
    household_id         VARCHAR NOT NULL,
    ward_code            VARCHAR NOT NULL,
    group_code           VARCHAR NOT NULL,
    from_standard_id     VARCHAR NOT NULL,
    from_version         INTEGER NOT NULL,
    standard_id          VARCHAR NOT NULL,
    to_version           INTEGER NOT NULL,
    old_deprivation_count INTEGER NOT NULL,
    old_computed_status  VARCHAR NOT NULL,
    old_status           VARCHAR NOT NULL,
    new_deprivation_count INTEGER NOT NULL,
    new_computed_status  VARCHAR NOT NULL,
    new_status           VARCHAR NOT NULL,
    recorded_status      VARCHAR,
    reclassified_at      TIMESTAMPTZ NOT NULL,
    reclassified_by      VARCHAR NOT NULL
);

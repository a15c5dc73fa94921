-- The service's job history: one row per run of a scheduled or manual job (inbox load, forecast
-- refresh, reports). Written by `disu serve`; a run still marked 'running' when the service starts
-- again was cut short (kill, power loss) and is closed as 'interrupted'.
CREATE SEQUENCE seq_job_run_id;

CREATE TABLE job_run (
    run_id        BIGINT PRIMARY KEY DEFAULT nextval('seq_job_run_id'),
    job           VARCHAR NOT NULL,       -- inbox | briefing | appendix | trend | forecast
    "trigger"     VARCHAR NOT NULL,       -- schedule | catch-up | after-load | manual:<key id> | startup
    started_at    TIMESTAMPTZ NOT NULL,
    ended_at      TIMESTAMPTZ,            -- null while running
    outcome       VARCHAR NOT NULL,       -- running | succeeded | partial | failed | deferred | interrupted
    rows_affected BIGINT NOT NULL DEFAULT 0,
    message       VARCHAR
);

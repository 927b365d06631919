-- Hearth store, schema version 1.
CREATE TABLE accounts (
    id          TEXT PRIMARY KEY,            -- 32 hex
    name        TEXT NOT NULL,
    email       TEXT NOT NULL,
    subdomain   TEXT UNIQUE,                 -- workers.dev subdomain, NULL when none
    created_on  TEXT NOT NULL
);

CREATE TABLE tokens (
    id          TEXT PRIMARY KEY,            -- 32 hex, shown by `token list`
    account_id  TEXT NOT NULL REFERENCES accounts(id),
    name        TEXT NOT NULL,
    hash        TEXT NOT NULL UNIQUE,        -- sha256 hex of the secret; the secret is never stored
    read_only   INTEGER NOT NULL,
    created_on  TEXT NOT NULL,
    revoked_on  TEXT
);

CREATE TABLE workers (
    id                 TEXT PRIMARY KEY,     -- 32 hex
    account_id         TEXT NOT NULL REFERENCES accounts(id),
    namespace          TEXT NOT NULL DEFAULT '',  -- dispatch namespace name, '' for ordinary Workers
    name               TEXT NOT NULL,
    settings           TEXT NOT NULL,        -- JSON: logpush, observability, tags, tail_consumers, ...
    subdomain_enabled  INTEGER NOT NULL,
    previews_enabled   INTEGER NOT NULL,
    migration_tag      TEXT,
    last_deployed_from TEXT,
    created_on         TEXT NOT NULL,
    updated_on         TEXT NOT NULL,
    deployed_on        TEXT,
    UNIQUE (account_id, namespace, name)
);

CREATE TABLE blobs (
    sha256  TEXT PRIMARY KEY,
    data    BLOB NOT NULL
);

CREATE TABLE versions (
    id          TEXT PRIMARY KEY,            -- UUID
    worker_id   TEXT NOT NULL REFERENCES workers(id) ON DELETE CASCADE,
    number      INTEGER NOT NULL,
    created_on  TEXT NOT NULL,
    source      TEXT NOT NULL,
    author_email TEXT NOT NULL,
    doc         TEXT NOT NULL,               -- JSON: the version's settings (see store::Version)
    UNIQUE (worker_id, number)
);

CREATE TABLE version_modules (
    version_id   TEXT NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
    idx          INTEGER NOT NULL,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    sha256       TEXT NOT NULL REFERENCES blobs(sha256),
    size         INTEGER NOT NULL,
    PRIMARY KEY (version_id, idx)
);

CREATE TABLE deployments (
    id           TEXT PRIMARY KEY,           -- UUID
    worker_id    TEXT NOT NULL REFERENCES workers(id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,           -- orders deployments of one Worker, newest highest
    created_on   TEXT NOT NULL,
    source       TEXT NOT NULL,
    author_email TEXT NOT NULL,
    strategy     TEXT NOT NULL,
    versions     TEXT NOT NULL,              -- JSON [{version_id, percentage}]
    annotations  TEXT NOT NULL               -- JSON object
);
CREATE INDEX deployments_by_worker ON deployments (worker_id, seq);

CREATE TABLE schedules (
    worker_id    TEXT NOT NULL REFERENCES workers(id) ON DELETE CASCADE,
    cron         TEXT NOT NULL,
    created_on   TEXT NOT NULL,
    modified_on  TEXT NOT NULL,
    PRIMARY KEY (worker_id, cron)
);

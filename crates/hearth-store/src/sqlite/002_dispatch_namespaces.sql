-- Workers for Platforms: dispatch namespaces. Their user Workers live in `workers` with
-- `namespace` set to the namespace's name.
CREATE TABLE dispatch_namespaces (
    id              TEXT PRIMARY KEY,        -- UUID
    account_id      TEXT NOT NULL REFERENCES accounts(id),
    name            TEXT NOT NULL,
    trusted_workers INTEGER NOT NULL DEFAULT 0,
    created_on      TEXT NOT NULL,
    modified_on     TEXT NOT NULL,
    UNIQUE (account_id, name)
);

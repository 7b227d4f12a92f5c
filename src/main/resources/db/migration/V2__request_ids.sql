-- Idempotency keys of allocating mutations: a retry with the same requestId in the same namespace
-- returns the first (committed) result instead of allocating again. Written in the allocating
-- transaction, so a key exists exactly when its allocation committed.
CREATE TABLE request_key (
    namespace  text NOT NULL REFERENCES namespace (name) ON DELETE CASCADE,
    request_id text NOT NULL,
    operation  text NOT NULL,
    arguments  text NOT NULL,
    result     text,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (namespace, request_id)
);

CREATE INDEX request_key_age ON request_key (created_at);

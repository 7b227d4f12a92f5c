-- Webhooks: each one delivers the changes of its scope, in cursor order, one at a time (WebhookDispatcher).
-- position is the last cursor delivered (or skipped as outside the scope); a replica works on a webhook only
-- while it holds the lease (lease_until, lease_delivery), taken in a short transaction, never across the call.
CREATE TABLE webhook (
    id             uuid PRIMARY KEY,
    url            text NOT NULL,
    -- AES-GCM: a version byte, the nonce, the ciphertext with its tag (WebhookSecrets); never the plain secret
    secret         bytea NOT NULL,
    namespace      text,
    -- when namespace is null: the namespaces the creator could read (null: every namespace)
    readable       text[],
    operations     text[],
    creator        text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    active         boolean NOT NULL DEFAULT true,
    position       bigint NOT NULL CHECK (position >= 0),
    -- failed attempts on the change after position since it was last delivered or activated
    failures       int NOT NULL DEFAULT 0 CHECK (failures >= 0),
    next_attempt   timestamptz NOT NULL DEFAULT clock_timestamp(),
    lease_until    timestamptz,
    lease_holder   text,
    lease_delivery uuid,
    CHECK ((lease_until IS NULL) = (lease_delivery IS NULL))
);
CREATE INDEX webhook_due ON webhook (next_attempt) WHERE active;

-- Every attempt: written when it starts (so an attempt whose replica died is listed too), completed after.
CREATE TABLE webhook_delivery (
    seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id          uuid NOT NULL UNIQUE,
    webhook_id  uuid NOT NULL REFERENCES webhook (id) ON DELETE CASCADE,
    change      bigint NOT NULL,
    attempt     int NOT NULL CHECK (attempt >= 1),
    at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    http_status int,
    error       text,
    delivered   boolean NOT NULL DEFAULT false,
    CHECK (NOT delivered OR http_status BETWEEN 200 AND 299)
);
CREATE INDEX webhook_delivery_webhook ON webhook_delivery (webhook_id, seq);

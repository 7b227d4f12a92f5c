-- Pools: named label selectors over the prefixes of a namespace that allocations draw from. Members are
-- chosen at allocation time, so a pool stores no membership; it goes with its namespace.
CREATE TABLE pool (
    namespace   text NOT NULL REFERENCES namespace (name) ON DELETE CASCADE,
    name        text NOT NULL,
    kind        text NOT NULL,
    selector    text NOT NULL,
    description text,
    labels      jsonb NOT NULL DEFAULT '{}',
    version     integer NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz,
    PRIMARY KEY (namespace, name),
    CONSTRAINT pool_name_syntax CHECK (name ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    CONSTRAINT pool_kind_known CHECK (kind IN ('IP', 'CHILD_PREFIX')),
    CONSTRAINT pool_labels_object CHECK (jsonb_typeof(labels) = 'object')
);

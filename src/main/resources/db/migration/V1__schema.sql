-- ipamql schema. The database itself guards every allocation invariant, so any number of
-- service instances can share it: exclusion constraints for overlaps, primary keys for duplicates,
-- checks for counters, foreign keys for the tree.

CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE namespace (
    name       text PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT namespace_name_syntax CHECK (name ~ '^[a-z0-9][a-z0-9-]{0,62}$')
);

INSERT INTO namespace (name) VALUES ('default');

CREATE TABLE prefix (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    namespace   text NOT NULL REFERENCES namespace (name),
    cidr        cidr NOT NULL,
    parent_id   bigint REFERENCES prefix (id),
    parent_cidr cidr,
    description text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    -- acquired addresses, reserved ones excluded; maintained in the allocating transaction
    ip_count    bigint NOT NULL DEFAULT 0,
    child_count integer NOT NULL DEFAULT 0,
    CONSTRAINT prefix_cidr_unique UNIQUE (namespace, cidr),
    CONSTRAINT prefix_parent_consistent CHECK ((parent_id IS NULL) = (parent_cidr IS NULL)),
    CONSTRAINT prefix_inside_parent CHECK (parent_cidr IS NULL OR cidr << parent_cidr),
    CONSTRAINT prefix_counts CHECK (ip_count >= 0 AND child_count >= 0),
    CONSTRAINT prefix_ips_or_children CHECK (ip_count = 0 OR child_count = 0),
    -- root prefixes of a namespace never overlap
    CONSTRAINT prefix_roots_disjoint EXCLUDE USING gist (namespace WITH =, cidr inet_ops WITH &&)
        WHERE (parent_id IS NULL),
    -- children of one parent never overlap
    CONSTRAINT prefix_siblings_disjoint EXCLUDE USING gist (parent_id WITH =, cidr inet_ops WITH &&)
        WHERE (parent_id IS NOT NULL)
);

CREATE INDEX prefix_cidr_gist ON prefix USING gist (namespace, cidr inet_ops);
CREATE INDEX prefix_children ON prefix (parent_id, cidr) WHERE parent_id IS NOT NULL;
CREATE INDEX prefix_roots ON prefix (namespace, cidr) WHERE parent_id IS NULL;

-- Acquired addresses. The primary key makes a double allocation impossible.
CREATE TABLE ip (
    prefix_id   bigint NOT NULL REFERENCES prefix (id),
    address     inet NOT NULL,
    description text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (prefix_id, address),
    CONSTRAINT ip_is_host CHECK (masklen(address) = CASE family(address) WHEN 4 THEN 32 ELSE 128 END)
);

-- Free address ranges of a prefix (reserved addresses never appear): the lowest free address is
-- one index probe away however full the prefix is.
CREATE TABLE ip_free_range (
    prefix_id     bigint NOT NULL REFERENCES prefix (id) ON DELETE CASCADE,
    first_address inet NOT NULL,
    last_address  inet NOT NULL,
    PRIMARY KEY (prefix_id, first_address),
    CONSTRAINT ip_free_range_ordered CHECK (first_address <= last_address)
);

CREATE UNIQUE INDEX ip_free_range_last ON ip_free_range (prefix_id, last_address);

-- Free space of a prefix for child prefixes: the maximal aligned blocks not taken by children
-- (a buddy system), so best-fit is one index probe and never reads the children.
CREATE TABLE free_block (
    prefix_id bigint NOT NULL REFERENCES prefix (id) ON DELETE CASCADE,
    cidr      cidr NOT NULL,
    PRIMARY KEY (prefix_id, cidr),
    CONSTRAINT free_block_disjoint EXCLUDE USING gist (prefix_id WITH =, cidr inet_ops WITH &&)
);

CREATE INDEX free_block_best_fit ON free_block (prefix_id, masklen(cidr) DESC, cidr);

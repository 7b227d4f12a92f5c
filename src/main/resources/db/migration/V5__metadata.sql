-- Metadata people edit and automation keys on: descriptions, labels, versions, claims. Every column is
-- added with a constant default or as NULL, and every check NOT VALID (existing rows hold the defaults),
-- so upgrading rewrites and scans no table. updated_at NULL means: unchanged since created_at.

ALTER TABLE namespace
    ADD COLUMN description text,
    ADD COLUMN labels jsonb NOT NULL DEFAULT '{}',
    ADD COLUMN version integer NOT NULL DEFAULT 1,
    ADD COLUMN updated_at timestamptz,
    ADD CONSTRAINT namespace_labels_object CHECK (jsonb_typeof(labels) = 'object') NOT VALID;

ALTER TABLE prefix
    ADD COLUMN labels jsonb NOT NULL DEFAULT '{}',
    ADD COLUMN version integer NOT NULL DEFAULT 1,
    ADD COLUMN updated_at timestamptz,
    ADD COLUMN claim text,
    ADD CONSTRAINT prefix_labels_object CHECK (jsonb_typeof(labels) = 'object') NOT VALID;

ALTER TABLE ip
    ADD COLUMN labels jsonb NOT NULL DEFAULT '{}',
    ADD COLUMN version integer NOT NULL DEFAULT 1,
    ADD COLUMN updated_at timestamptz,
    ADD CONSTRAINT ip_labels_object CHECK (jsonb_typeof(labels) = 'object') NOT VALID;

-- Selectors are served by these; unlabelled rows (every plain acquireIP) add no entry. Equality (@>) goes
-- to jsonb_path_ops, one entry per key and value, which the planner prices right (with jsonb_ops, whose
-- entries are keys and values apart, it scanned all rows instead); existence (?) to jsonb_ops.
CREATE INDEX prefix_labels ON prefix USING gin (labels jsonb_path_ops) WHERE labels <> '{}';
CREATE INDEX prefix_label_keys ON prefix USING gin (labels) WHERE labels <> '{}';
CREATE INDEX ip_labels ON ip USING gin (labels jsonb_path_ops) WHERE labels <> '{}';
CREATE INDEX ip_label_keys ON ip USING gin (labels) WHERE labels <> '{}';

-- A child-prefix claim names one prefix per namespace, whichever replica hands it out.
CREATE UNIQUE INDEX prefix_claim ON prefix (namespace, claim) WHERE claim IS NOT NULL;

-- An IP claim names one address per namespace. The ip table has no namespace column (adding one would
-- rewrite every row on upgrade and widen the hot insert), so claims live beside it and go with their address.
CREATE TABLE ip_claim (
    namespace text NOT NULL,
    claim     text NOT NULL,
    prefix_id bigint NOT NULL,
    address   inet NOT NULL,
    PRIMARY KEY (namespace, claim),
    CONSTRAINT ip_claim_one_per_ip UNIQUE (prefix_id, address),
    CONSTRAINT ip_claim_of_ip FOREIGN KEY (prefix_id, address) REFERENCES ip (prefix_id, address) ON DELETE CASCADE
);

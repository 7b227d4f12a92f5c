-- The change feed: every audit record gets a cursor in commit order, assigned after its commit by one
-- sequencer at a time (ChangeSequencer). Mutations only stamp their audit rows with their transaction id.

-- Added without a default and given one afterwards, so the table is not rewritten; older rows keep NULL
-- and are sequenced below, in id order.
ALTER TABLE audit_log ADD COLUMN xid xid8;
ALTER TABLE audit_log ALTER COLUMN xid SET DEFAULT pg_current_xact_id();
CREATE INDEX audit_log_xid ON audit_log (xid);

-- Append-only, written by the sequencer alone: a cursor names one audit record, and never changes.
CREATE TABLE change (
    cursor    bigint PRIMARY KEY,
    audit_id  bigint NOT NULL UNIQUE REFERENCES audit_log (id),
    namespace text NOT NULL
);
CREATE INDEX change_namespace ON change (namespace, cursor);

-- The sequencer's lease and state, one row: a pass holds it locked. Every audit row of a transaction below
-- horizon is sequenced (those transactions have ended), so a pass scans only rows from horizon on.
CREATE TABLE change_sequencer (
    id          boolean PRIMARY KEY DEFAULT true CHECK (id),
    last_cursor bigint NOT NULL,
    horizon     xid8 NOT NULL
);

INSERT INTO change (cursor, audit_id, namespace)
    SELECT row_number() OVER (ORDER BY id), id, namespace FROM audit_log;
INSERT INTO change_sequencer (last_cursor, horizon) SELECT count(*), '0'::xid8 FROM change;

CREATE FUNCTION append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$;
CREATE TRIGGER change_append_only BEFORE UPDATE OR DELETE ON change FOR EACH ROW EXECUTE FUNCTION append_only();

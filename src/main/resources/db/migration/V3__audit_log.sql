-- Audit trail: one row per successful mutation, written in the mutation's own transaction.
-- Append-only: the trigger refuses UPDATE and DELETE, whoever asks.
CREATE TABLE audit_log (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at         timestamptz NOT NULL DEFAULT clock_timestamp(),
    subject    text NOT NULL,
    namespace  text NOT NULL,
    operation  text NOT NULL,
    arguments  text NOT NULL,
    result     text NOT NULL
);

CREATE INDEX audit_log_namespace ON audit_log (namespace, id);
CREATE INDEX audit_log_subject ON audit_log (subject, id);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END
$$;

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

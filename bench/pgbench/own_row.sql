-- A minimal durable allocation on the client's own row (1 client: serial; 16 clients: 16 different rows).
\set id :client_id + 1
BEGIN;
UPDATE counters SET n = n + 1 WHERE id = :id;
INSERT INTO log (counter) VALUES (:id);
END;

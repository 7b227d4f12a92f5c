-- A minimal durable allocation on one row shared by every client (the hot-row figure: all lock id 1).
BEGIN;
UPDATE counters SET n = n + 1 WHERE id = 1;
INSERT INTO log (counter) VALUES (1);
END;

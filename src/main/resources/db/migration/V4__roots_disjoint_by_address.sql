-- The exclusion constraint that keeps a namespace's roots disjoint searches by address first, then
-- namespace. With the namespace first, the index grown by inserts splits its pages by namespace and
-- leaves their address keys coarse, so checking a new root among thousands of adjacent ones in its
-- namespace read about 40 index pages (1.0 ms of a 1.5 ms insert); by address first it reads about 10
-- (0.1 ms). Namespaces that share address space stay cheap: for one address block held by 2,000
-- namespaces, the index orders those entries by namespace. Same rule, same name.
ALTER TABLE prefix
    DROP CONSTRAINT prefix_roots_disjoint,
    ADD CONSTRAINT prefix_roots_disjoint EXCLUDE USING gist (cidr inet_ops WITH &&, namespace WITH =)
        WHERE (parent_id IS NULL);

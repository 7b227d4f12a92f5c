-- Allocation shapes: prefixes that hand out their network and broadcast addresses too, and ranges of addresses
-- that acquireIP never hands out. Columns come with constant defaults and checks NOT VALID (existing rows hold
-- the defaults), so upgrading rewrites and scans no table.

ALTER TABLE prefix
    -- false: every address of the prefix is acquirable, its first and last too
    ADD COLUMN reserve_edges boolean NOT NULL DEFAULT true,
    -- reserved ranges, and the addresses they hold other than reserved edges; kept under the prefix's row lock
    ADD COLUMN range_count integer NOT NULL DEFAULT 0,
    ADD COLUMN reserved_ips numeric NOT NULL DEFAULT 0,
    ADD CONSTRAINT prefix_range_counts CHECK (range_count >= 0 AND reserved_ips >= 0) NOT VALID,
    -- reserved ranges are addresses kept from acquireIP, so a prefix holds them or child prefixes, never both
    ADD CONSTRAINT prefix_ranges_or_children CHECK (range_count = 0 OR child_count = 0) NOT VALID;

CREATE TYPE address_range AS RANGE (subtype = inet);

-- Addresses of a prefix that acquireIP never hands out. They are carved out of ip_free_range, so finding the
-- lowest free address never meets them; every change to both happens under the prefix's row lock, which the
-- acquisitions take too, so a range never holds an acquired address.
CREATE TABLE reserved_range (
    prefix_id     bigint NOT NULL REFERENCES prefix (id) ON DELETE CASCADE,
    first_address inet NOT NULL,
    last_address  inet NOT NULL,
    description   text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (prefix_id, first_address),
    CONSTRAINT reserved_range_ordered CHECK (first_address <= last_address),
    CONSTRAINT reserved_range_is_host CHECK (masklen(first_address) = masklen(last_address)
        AND family(first_address) = family(last_address)
        AND masklen(first_address) = CASE family(first_address) WHEN 4 THEN 32 ELSE 128 END),
    -- the ranges of one prefix never overlap, whichever transactions insert them
    CONSTRAINT reserved_range_disjoint EXCLUDE USING gist
        (prefix_id WITH =, address_range(first_address, last_address, '[]') WITH &&)
);

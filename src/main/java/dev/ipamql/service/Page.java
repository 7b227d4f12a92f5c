package dev.ipamql.service;

import java.util.List;

/** One page of an ordered list: the items, whether more follow, and how many there are in all. */
public record Page<T>(List<T> items, boolean hasNextPage, int totalCount) {

    /** The page of {@code rows}, read with one row more than {@code limit} to tell whether more follow. */
    static <T> Page<T> of(List<T> rows, int limit, int total) {
        boolean more = rows.size() > limit;
        return new Page<>(more ? rows.subList(0, limit) : rows, more, total);
    }
}

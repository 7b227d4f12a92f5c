package dev.ipamql.service;

import java.util.List;

/** One page of an ordered list: the items, whether more follow, and how many there are in all. */
public record Page<T>(List<T> items, boolean hasNextPage, int totalCount) {
}

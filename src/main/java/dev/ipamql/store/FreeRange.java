package dev.ipamql.store;

import dev.ipamql.address.Address;

/** A run of free addresses {@code first..last} of one prefix. */
public record FreeRange(Address first, Address last) {

    public boolean contains(Address address) {
        return first.compareTo(address) <= 0 && address.compareTo(last) <= 0;
    }
}

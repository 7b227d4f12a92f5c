package dev.ipamql.store;

import dev.ipamql.address.Address;
import java.math.BigInteger;

/** A run of free addresses {@code first..last} of one prefix. */
public record FreeRange(Address first, Address last) {

    /** How many addresses the range holds. */
    public BigInteger size() {
        return last.toBigInteger().subtract(first.toBigInteger()).add(BigInteger.ONE);
    }

    public boolean contains(Address address) {
        return first.compareTo(address) <= 0 && address.compareTo(last) <= 0;
    }
}

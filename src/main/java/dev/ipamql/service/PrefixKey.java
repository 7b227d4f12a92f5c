package dev.ipamql.service;

import dev.ipamql.address.Cidr;

/** A prefix as requests name it: the key on which their batches are joined. */
record PrefixKey(String namespace, Cidr cidr) {
}

package dev.ipamql.api;

import static dev.ipamql.support.GraphQL.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ipamql.support.Namespaces;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The two worked examples of go-ipam's design note, reproduced exactly. */
@QuarkusTest
class WorkedExamplesTest {

    @Test
    void theFirstAddressOfAnIpv4PrefixIsItsNetworkAddressPlusOne() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "192.168.0.0/24", "namespace", ns).ok();

        var ip = run("acquireIP", "prefix", "192.168.0.0/24", "namespace", ns).ok();

        assertEquals("192.168.0.1", ip.string("data.acquireIP.address"));
        assertEquals("192.168.0.0/24", ip.string("data.acquireIP.prefixCidr"));
        run("releaseIP", "prefix", "192.168.0.0/24", "address", "192.168.0.1", "namespace", ns).ok();
        assertEquals("192.168.0.0/24",
                run("deletePrefix", "cidr", "192.168.0.0/24", "namespace", ns).ok().string("data.deletePrefix.cidr"));
    }

    @Test
    void childPrefixesOfVariableLengthComeOutOfAnIpv6Prefix() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "2001:aabb::/48", "namespace", ns).ok();

        var first = run("acquireChildPrefix", "parent", "2001:aabb::/48", "length", 64, "namespace", ns).ok();
        var second = run("acquireChildPrefix", "parent", "2001:aabb::/48", "length", 72, "namespace", ns).ok();
        var ip = run("acquireIP", "prefix", "2001:aabb:0:1::/72", "namespace", ns).ok();

        assertEquals("2001:aabb::/64", first.string("data.acquireChildPrefix.cidr"));
        assertEquals("2001:aabb::/48", first.string("data.acquireChildPrefix.parentCidr"));
        assertEquals("2001:aabb:0:1::/72", second.string("data.acquireChildPrefix.cidr"));
        assertEquals("2001:aabb:0:1::1", ip.string("data.acquireIP.address"));
    }
}

package dev.ipamql.service;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;

/**
 * The coalescing cases again, with every parent counted as too fragmented to carve in memory: batches of
 * child requests are then served request by request, with the same answers.
 */
@QuarkusTest
@TestProfile(FragmentedParentCoalescingTest.RequestByRequest.class)
class FragmentedParentCoalescingTest extends CoalescingTest {

    public static class RequestByRequest implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ipamql.max-free-blocks-carved-in-memory", "0");
        }
    }
}

package dev.ipamql.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The checks on an answer judge the whole body: none passes unread. */
class AnswerTest {

    private static Answer answer(String body, long bodyBytes) {
        return new Answer(200, "application/json", body, bodyBytes, "a test request");
    }

    @Test
    void aBodyKeptOnlyInPartFailsEvenWhenItsHeadLooksLikeData() {
        String head = "{\"data\":{\"namespaces\":[" + "{\"name\":\"a\"},".repeat(1000);
        long sent = head.getBytes(StandardCharsets.UTF_8).length + 1024L * 1024;

        AssertionError failure = assertThrows(AssertionError.class, () -> answer(head, sent).assertAllowed(Allowed.data()));

        assertTrue(failure.getMessage().startsWith("a body of " + sent + " bytes, too large to check whole"),
                failure.getMessage());
    }

    @Test
    void aWholeBodyIsParsedAndJudged() {
        String body = "{\"data\":{\"namespaces\":[{\"name\":\"a\"}]}}";
        long bytes = body.getBytes(StandardCharsets.UTF_8).length;

        assertEquals("a", answer(body, bytes).assertAllowed(Allowed.data())
                .getJsonObject("data").getJsonArray("namespaces").getJsonObject(0).getString("name"));
        String error = "{\"errors\":[{\"message\":\"no\",\"extensions\":{\"code\":\"INTERNAL\"}}],\"data\":null}";
        AssertionError failure = assertThrows(AssertionError.class,
                () -> answer(error, error.length()).assertAllowed(Allowed.dataOr("INTERNAL")));
        assertTrue(failure.getMessage().startsWith("INTERNAL for hostile input"), failure.getMessage());
    }
}

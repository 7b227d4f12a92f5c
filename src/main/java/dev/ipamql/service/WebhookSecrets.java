package dev.ipamql.service;

import dev.ipamql.service.error.UnavailableException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook secrets encrypted at rest with AES-GCM under the configured key, bound to their webhook's id (so a
 * stored secret cannot be moved to another webhook): a version byte, a random 12-byte nonce, ciphertext and tag.
 */
public final class WebhookSecrets {

    private static final byte VERSION = 1;
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private WebhookSecrets(SecretKeySpec key) {
        this.key = key;
    }

    /** The secrets under the configured key, or none without one; a malformed key stops start-up. */
    static Optional<WebhookSecrets> of(Optional<String> configured) {
        return configured.filter(text -> !text.isBlank()).map(text -> {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(text.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("ipamql.webhooks.secret-key is not base64");
            }
            if (bytes.length != 16 && bytes.length != 24 && bytes.length != 32) {
                throw new IllegalStateException("ipamql.webhooks.secret-key must be 16, 24 or 32 bytes (base64), not "
                        + bytes.length);
            }
            return new WebhookSecrets(new SecretKeySpec(bytes, "AES"));
        });
    }

    static UnavailableException notConfigured() {
        return new UnavailableException("webhooks are not configured on this service: it needs ipamql.webhooks.secret-key "
                + "(IPAMQL_WEBHOOKS_SECRET_KEY), the key that encrypts webhook secrets");
    }

    byte[] seal(String webhookId, String secret) {
        byte[] nonce = new byte[NONCE];
        RANDOM.nextBytes(nonce);
        byte[] sealed = cipher(Cipher.ENCRYPT_MODE, webhookId, nonce, secret.getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.allocate(1 + NONCE + sealed.length).put(VERSION).put(nonce).put(sealed).array();
    }

    /** The secret; IllegalStateException when it was sealed with another key or for another webhook. */
    byte[] open(String webhookId, byte[] stored) {
        if (stored.length < 1 + NONCE || stored[0] != VERSION) {
            throw new IllegalStateException("the stored secret has an unknown format");
        }
        byte[] nonce = java.util.Arrays.copyOfRange(stored, 1, 1 + NONCE);
        byte[] sealed = java.util.Arrays.copyOfRange(stored, 1 + NONCE, stored.length);
        return cipher(Cipher.DECRYPT_MODE, webhookId, nonce, sealed);
    }

    private byte[] cipher(int mode, String webhookId, byte[] nonce, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(webhookId.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the secret cannot be decrypted with this instance's "
                    + "ipamql.webhooks.secret-key");
        }
    }
}

package io.isobar.query.auth;

import java.time.Instant;

/**
 * An API key as stored: never the key itself, only its SHA-256 hash, a short public id to name it by in logs
 * and commands, who it is for, and when it was created and (if ever) revoked.
 */
public record ApiKeyRecord(String keyHash, String keyId, String name, Instant createdAt, Instant revokedAt) {

    public boolean revoked() {
        return revokedAt != null;
    }
}

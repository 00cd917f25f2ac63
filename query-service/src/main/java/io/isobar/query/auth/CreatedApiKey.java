package io.isobar.query.auth;

/** A newly created API key: the plaintext {@code key}, shown this once and never stored, and its record. */
public record CreatedApiKey(String key, ApiKeyRecord record) {

    @Override
    public String toString() {
        return "CreatedApiKey[keyId=" + record.keyId() + ", name=" + record.name() + "]";
    }
}

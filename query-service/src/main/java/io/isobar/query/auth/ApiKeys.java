package io.isobar.query.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.isobar.index.IndexSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The API keys in the {@code api-keys} table, shared by the service (which verifies keys) and the CLI
 * ({@code isobar keys create|list|revoke}).
 *
 * <p>Only the SHA-256 hash of a key is stored (the table's partition key), so the table leaks no usable key.
 * A key is {@code isb_} followed by 32 random bytes in base64url: with 256 bits of entropy an unsalted fast
 * hash is safe, as no key can be guessed from its hash. Every key also has a short random public id
 * ({@code key_id}) by which logs and commands name it.
 */
public final class ApiKeys {

    public static final String KEY_PREFIX = "isb_";
    /** Longer values are not keys; rejecting them early keeps hashing and lookups cheap. */
    public static final int MAX_KEY_LENGTH = 256;
    private static final int MIN_BOOTSTRAP_KEY_LENGTH = 8;
    private static final int MAX_NAME_LENGTH = 100;

    private static final String KEY_ID = "key_id";
    private static final String NAME = "name";
    private static final String CREATED_AT = "created_at";
    private static final String REVOKED_AT = "revoked_at";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public ApiKeys(DynamoDbClient dynamoDb, String table, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.clock = clock;
    }

    /** Creates a key for {@code name}; the returned plaintext key is not stored anywhere and cannot be shown again. */
    public CreatedApiKey create(String name) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String key = KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        ApiKeyRecord record = new ApiKeyRecord(hash(key), newKeyId(), checkName(name), clock.instant(), null);
        dynamoDb.putItem(b -> b.tableName(table).item(toItem(record))
                .conditionExpression("attribute_not_exists(" + IndexSchema.KEYS_PK + ")"));
        return new CreatedApiKey(key, record);
    }

    /**
     * Makes sure {@code key} (chosen by an operator, e.g. the local stack's {@code ISOBAR_API_KEY}) is a valid key:
     * stores its hash if it is not there yet, else leaves the existing record alone (a revoked key stays revoked).
     */
    public ApiKeyRecord ensure(String key, String name) {
        if (!isWellFormed(key)) {
            throw new IllegalArgumentException("A bootstrap API key must be " + MIN_BOOTSTRAP_KEY_LENGTH + " to "
                    + MAX_KEY_LENGTH + " visible ASCII characters (no spaces)");
        }
        ApiKeyRecord record = new ApiKeyRecord(hash(key), newKeyId(), checkName(name), clock.instant(), null);
        try {
            dynamoDb.putItem(b -> b.tableName(table).item(toItem(record))
                    .conditionExpression("attribute_not_exists(" + IndexSchema.KEYS_PK + ")"));
            return record;
        } catch (ConditionalCheckFailedException alreadyThere) {
            return lookup(record.keyHash()).orElseThrow(() -> new IllegalStateException(
                    "API key " + record.keyHash().substring(0, 8) + "... vanished from table " + table + " while being ensured"));
        }
    }

    /** Every key, valid or revoked, oldest first. The table holds one small item per key, so a Scan is cheap. */
    public List<ApiKeyRecord> list() {
        List<ApiKeyRecord> records = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanRequest.Builder request = ScanRequest.builder().tableName(table);
            if (start != null) {
                request.exclusiveStartKey(start);
            }
            ScanResponse response = dynamoDb.scan(request.build());
            response.items().forEach(item -> records.add(fromItem(item)));
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
        } while (start != null);
        records.sort(Comparator.comparing(ApiKeyRecord::createdAt).thenComparing(ApiKeyRecord::keyId));
        return records;
    }

    /**
     * The hashes of every key not revoked, from one Scan that reads only the hash and the revocation time of each item
     * (the table holds one small item per key). The service keeps them to refuse made-up keys without a read each.
     */
    public Set<String> unrevokedHashes() {
        Set<String> hashes = new HashSet<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanRequest.Builder request = ScanRequest.builder().tableName(table)
                    .projectionExpression("#h, #r")
                    .expressionAttributeNames(Map.of("#h", IndexSchema.KEYS_PK, "#r", REVOKED_AT));
            if (start != null) {
                request.exclusiveStartKey(start);
            }
            ScanResponse response = dynamoDb.scan(request.build());
            for (Map<String, AttributeValue> item : response.items()) {
                if (!item.containsKey(REVOKED_AT)) {
                    hashes.add(item.get(IndexSchema.KEYS_PK).s());
                }
            }
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
        } while (start != null);
        return hashes;
    }

    /**
     * Revokes the key with public id {@code keyId}; revoking a revoked key keeps its first revocation time.
     * Services stop accepting it once their verification cache entry expires (at most 30 s by default).
     *
     * @return the revoked record, or empty when no key has that id
     */
    public Optional<ApiKeyRecord> revoke(String keyId) {
        Optional<ApiKeyRecord> found = list().stream().filter(r -> r.keyId().equals(keyId)).findFirst();
        if (found.isEmpty() || found.get().revoked()) {
            return found;
        }
        Instant now = clock.instant();
        try {
            dynamoDb.updateItem(b -> b.tableName(table)
                    .key(Map.of(IndexSchema.KEYS_PK, AttributeValue.fromS(found.get().keyHash())))
                    .updateExpression("SET " + REVOKED_AT + " = :now")
                    .conditionExpression("attribute_exists(" + IndexSchema.KEYS_PK + ") AND attribute_not_exists(" + REVOKED_AT + ")")
                    .expressionAttributeValues(Map.of(":now", AttributeValue.fromS(now.toString()))));
        } catch (ConditionalCheckFailedException concurrentlyRevoked) {
            return lookup(found.get().keyHash());
        }
        ApiKeyRecord r = found.get();
        return Optional.of(new ApiKeyRecord(r.keyHash(), r.keyId(), r.name(), r.createdAt(), now));
    }

    /**
     * The record of {@code key} if it is a known key that has not been revoked. The stored hash is compared with
     * the key's hash in constant time.
     */
    public Optional<ApiKeyRecord> verify(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            return Optional.empty();
        }
        byte[] presented = sha256(key);
        return lookup(HexFormat.of().formatHex(presented))
                .filter(r -> MessageDigest.isEqual(presented, HexFormat.of().parseHex(r.keyHash())))
                .filter(r -> !r.revoked());
    }

    /**
     * Whether {@code key} can be a key at all: {@value #MIN_BOOTSTRAP_KEY_LENGTH} to {@value #MAX_KEY_LENGTH} visible
     * ASCII characters (what {@link #create} mints and {@link #ensure} accepts). Anything else is refused before it
     * costs a hash or a read.
     */
    public static boolean isWellFormed(String key) {
        if (key == null || key.length() < MIN_BOOTSTRAP_KEY_LENGTH || key.length() > MAX_KEY_LENGTH) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** SHA-256 of the key's UTF-8 bytes, lower-case hex: the {@code key_hash} partition key. */
    public static String hash(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }

    private Optional<ApiKeyRecord> lookup(String keyHash) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(IndexSchema.KEYS_PK, AttributeValue.fromS(keyHash)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private String newKeyId() {
        byte[] id = new byte[6];
        random.nextBytes(id);
        return "k" + HexFormat.of().formatHex(id);
    }

    private static String checkName(String name) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("An API key name must be 1 to " + MAX_NAME_LENGTH
                    + " printable characters, e.g. the person or application it is for");
        }
        return name.strip();
    }

    private static Map<String, AttributeValue> toItem(ApiKeyRecord r) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(IndexSchema.KEYS_PK, AttributeValue.fromS(r.keyHash()));
        item.put(KEY_ID, AttributeValue.fromS(r.keyId()));
        item.put(NAME, AttributeValue.fromS(r.name()));
        item.put(CREATED_AT, AttributeValue.fromS(r.createdAt().toString()));
        if (r.revokedAt() != null) {
            item.put(REVOKED_AT, AttributeValue.fromS(r.revokedAt().toString()));
        }
        return item;
    }

    private static ApiKeyRecord fromItem(Map<String, AttributeValue> item) {
        AttributeValue revoked = item.get(REVOKED_AT);
        return new ApiKeyRecord(
                item.get(IndexSchema.KEYS_PK).s(),
                item.get(KEY_ID).s(),
                item.get(NAME).s(),
                Instant.parse(item.get(CREATED_AT).s()),
                revoked == null ? null : Instant.parse(revoked.s()));
    }
}

package io.isobar.query.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import io.isobar.json.Json;

/**
 * Opaque page cursors: base64url of a small JSON object holding the last key of the page and a fingerprint of
 * the query that produced it. Decoding checks the shape and the fingerprint, so a cursor that was edited,
 * truncated or reused with other filters is a 400, never a wrong page; callers then validate the key itself.
 *
 * <p>Cursors are not signed: a well-formed cursor can only move the start of a page within the client's own
 * query, which the client could do with {@code from} anyway. They survive restarts and work across instances.
 */
public final class Cursor {

    private static final int MAX_LENGTH = 1024;
    private static final String FINGERPRINT = "q";
    private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {};

    private Cursor() {}

    /**
     * A fingerprint of the query a cursor belongs to: its endpoint and every filter (not the page size, which may
     * change from page to page).
     */
    public static String fingerprint(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    public static String encode(String fingerprint, Map<String, String> position) {
        Map<String, String> body = new LinkedHashMap<>(position);
        body.put(FINGERPRINT, fingerprint);
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.mapper().writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot encode a cursor", e);
        }
    }

    /**
     * The position in {@code cursor}, which must have been issued for {@code fingerprint}.
     *
     * @throws ApiProblem 400 when the cursor is malformed or belongs to another query
     */
    public static Map<String, String> decode(String cursor, String fingerprint) {
        Map<String, String> body;
        try {
            if (cursor.length() > MAX_LENGTH) {
                throw new IllegalArgumentException("too long");
            }
            byte[] json = Base64.getUrlDecoder().decode(cursor);
            body = Json.mapper().readValue(json, MAP);
        } catch (IllegalArgumentException | java.io.IOException | ClassCastException e) {
            throw ApiProblem.invalidCursor("The cursor is not one this API issued; pass next_cursor from the previous "
                    + "page unchanged, or leave cursor out to start from the first page");
        }
        if (body == null || !fingerprint.equals(body.get(FINGERPRINT))) {
            throw ApiProblem.invalidCursor("The cursor belongs to a query with other parameters; repeat the query that "
                    + "returned it with the same filters, or leave cursor out to start again");
        }
        Map<String, String> position = new LinkedHashMap<>(body);
        position.remove(FINGERPRINT);
        return position;
    }

    /** A cursor whose content is well-formed JSON but not a valid position for this query. */
    public static ApiProblem invalid() {
        return ApiProblem.invalidCursor("The cursor does not hold a valid position for this query; pass next_cursor "
                + "from the previous page unchanged");
    }
}

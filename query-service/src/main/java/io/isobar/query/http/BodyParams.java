package io.isobar.query.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;

import io.isobar.json.Json;
import io.javalin.http.Context;

/**
 * The parameters of a POST body, for {@link Params}: the same names and values as a query string, sent as a form
 * ({@code application/x-www-form-urlencoded}) or as one JSON object ({@code application/json}), so that a request too
 * large for a URL (1,000 points, a polygon of thousands of vertices) can be sent whole.
 *
 * <p>In a JSON object a value may be a string, a number or a boolean (taken as written), an array of those (joined with
 * commas, as a list parameter is written in a URL: {@code "parameter-name": ["a", "b"]}, {@code "bbox": [-3.3, 51.4, -3.1,
 * 51.55]}), or an object, passed on as its JSON text (a GeoJSON geometry for {@code coords}). A body over
 * {@link Limits#BODY_BYTES} is a 413 before it is parsed; another media type is a 415.
 */
final class BodyParams {

    /**
     * Bytes of a refused body read and dropped before the 413 is sent: a client still sending its body when the
     * connection closes with data unread gets a reset, not the answer (LimitsPropertiesITCase met it), so a body up to
     * this size is taken in; a larger one (the WAF refuses those on AWS) may still see the connection close instead.
     */
    private static final long DRAINED_BYTES = 4L * Limits.BODY_BYTES;

    private BodyParams() {}

    /** The parameters of the request's body; none for an empty body. */
    static Map<String, List<String>> of(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > Limits.BODY_BYTES) {
            drain(ctx);
            throw tooLarge(declared + " bytes");
        }
        byte[] body = read(ctx);
        if (body.length == 0) {
            return Map.of();
        }
        String type = mediaType(ctx.contentType());
        if (type.equals("application/x-www-form-urlencoded")) {
            return Params.parse(new String(body, StandardCharsets.UTF_8), "The form body");
        }
        if (type.equals("application/json") || type.endsWith("+json")) {
            return json(body);
        }
        throw new ApiProblem(415, "unsupported-media-type", "Unsupported media type", "A POST body must be"
                + " application/x-www-form-urlencoded (the query string's parameters as a form) or application/json (one object"
                + " of them), not " + (type.isEmpty() ? "a body without a Content-Type" : "'" + Params.shorten(type) + "'"));
    }

    /** The body's bytes, at most {@link Limits#BODY_BYTES} of them (a body without a declared length is cut there). */
    private static byte[] read(Context ctx) {
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] bytes = in.readNBytes(Limits.BODY_BYTES + 1);
            if (bytes.length > Limits.BODY_BYTES) {
                in.skip(DRAINED_BYTES);
                throw tooLarge("more than " + Limits.BODY_BYTES + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw ApiProblem.invalidParameter("The request body could not be read to its end").withLog(e.toString());
        }
    }

    /** Reads and drops up to {@link #DRAINED_BYTES} of a refused body, so that its client reads the 413. */
    private static void drain(Context ctx) {
        try (InputStream in = ctx.req().getInputStream()) {
            in.skip(DRAINED_BYTES);
        } catch (IOException e) {
            // The client went away; nothing to answer then.
        }
    }

    private static ApiProblem tooLarge(String size) {
        return new ApiProblem(413, "too-large", "Request too large", "The request body is " + size + "; the limit is "
                + Limits.BODY_BYTES + " bytes");
    }

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    private static Map<String, List<String>> json(byte[] body) {
        JsonNode root;
        try {
            // A name given twice is a 400, as in a query string (Jackson would keep the last silently).
            root = Json.mapper().reader().with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY).readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiProblem.invalidParameter("The request body is not valid JSON" + JacksonJsonMapper.at(e)
                    + (e.getMessage() != null && e.getMessage().startsWith("Duplicate field") ? ": a member is given twice" : ""))
                    .withLog("JSON parser: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiProblem.invalidParameter("The request body is not valid JSON").withLog(e.toString());
        }
        if (root == null || !root.isObject()) {
            throw ApiProblem.invalidParameter("The JSON body must be one object whose members are the query's parameters, e.g."
                    + " {\"coords\": \"POINT(-3.1883 55.9533)\", \"parameter-name\": [\"air_temperature\"]}");
        }
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> member = it.next();
            params.computeIfAbsent(member.getKey(), n -> new ArrayList<>()).add(value(member.getKey(), member.getValue()));
        }
        return params;
    }

    /** A string, number or boolean as written in a URL: numbers in plain notation (no exponent), as Params reads them. */
    private static String scalar(JsonNode v) {
        return v.isNumber() && !v.isIntegralNumber() ? v.decimalValue().stripTrailingZeros().toPlainString() : v.asText();
    }

    /** A member's value as a query string would carry it. */
    private static String value(String name, JsonNode v) {
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isNumber() || v.isBoolean()) {
            return scalar(v);
        }
        if (v.isObject()) {
            return v.toString();
        }
        if (v.isArray()) {
            List<String> items = new ArrayList<>(v.size());
            for (JsonNode item : v) {
                if (!(item.isTextual() || item.isNumber() || item.isBoolean())) {
                    throw ApiProblem.invalidParameter("Member '" + Params.shorten(name) + "' of the JSON body is an array of"
                            + " something else than strings, numbers or booleans; give a list as strings or numbers");
                }
                items.add(scalar(item));
            }
            return String.join(",", items);
        }
        // null: as an empty value in a URL, which Params refuses with its own message
        return "";
    }
}

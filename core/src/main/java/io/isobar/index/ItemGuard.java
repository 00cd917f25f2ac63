package io.isobar.index;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Makes an item safe to write before it reaches a DynamoDB sink, which would otherwise fail the job on a
 * {@code ValidationException} (and, restored from a checkpoint, fail it again after every restart).
 *
 * <p>Sizes are measured in UTF-8 bytes, as DynamoDB measures them: an item is at most {@value #MAX_ITEM_BYTES}
 * bytes (names and values), a partition key at most {@value #MAX_PARTITION_KEY_BYTES}, a sort key at most
 * {@value #MAX_SORT_KEY_BYTES}, and a number has at most 38 significant digits between 1E-130 and 1E126.
 * {@link #fit} trims what can be trimmed without changing what the item is: a string attribute beyond
 * {@value #MAX_STRING_BYTES} bytes (for the files table) is cut and ends with {@value #TRIMMED}, a list beyond
 * {@value #MAX_LIST_ELEMENTS} elements is cut, a number DynamoDB cannot hold (NaN, infinity, out of range) is
 * dropped; each change is noted in the item's {@value #NOTES} attribute. What cannot be trimmed (a key too long
 * or empty, an item still too large) is an {@link UnsafeItemException}: the caller records an error instead.
 */
public final class ItemGuard {

    /** DynamoDB's item size limit, 400 KB. */
    public static final int MAX_ITEM_BYTES = 400 * 1024;
    /** DynamoDB's limit on a partition key value. */
    public static final int MAX_PARTITION_KEY_BYTES = 2048;
    /** DynamoDB's limit on a sort key value. */
    public static final int MAX_SORT_KEY_BYTES = 1024;
    /** The most a non-key string attribute keeps: descriptions and units are far shorter in any real file. */
    public static final int MAX_STRING_BYTES = 4096;
    /** The most elements a list attribute keeps (a real file has tens of levels or members). */
    public static final int MAX_LIST_ELEMENTS = 1000;
    /** What a trimmed string ends with. */
    public static final String TRIMMED = "...[trimmed]";
    /** The attribute that says what was trimmed or dropped. */
    public static final String NOTES = "item_notes";

    /**
     * The key attributes of a table and its indexes, which are never trimmed, and the most a string attribute of
     * the table keeps.
     */
    public record Keys(List<String> partitionKeys, List<String> sortKeys, int maxStringBytes) implements java.io.Serializable {

        public Keys {
            partitionKeys = List.copyOf(partitionKeys);
            sortKeys = List.copyOf(sortKeys);
        }

        boolean contains(String name) {
            return partitionKeys.contains(name) || sortKeys.contains(name);
        }
    }

    /** The files table: its key and the {@code by-run} index's. */
    public static final Keys FILES = new Keys(List.of(IndexSchema.FILES_PK, IndexSchema.BY_RUN_PK),
            List.of(IndexSchema.FILES_SK, IndexSchema.BY_RUN_SK), MAX_STRING_BYTES);
    /** The valid-times table. */
    public static final Keys VALID_TIMES = new Keys(List.of(IndexSchema.TIMES_PK), List.of(IndexSchema.TIMES_SK),
            MAX_STRING_BYTES);
    /** The ingest-errors table, whose raw messages may keep up to 64 KiB (see {@link ErrorItems}). */
    public static final Keys ERRORS = new Keys(List.of(IndexSchema.ERRORS_PK), List.of(IndexSchema.ERRORS_SK), 64 * 1024);

    private ItemGuard() {}

    /** An item DynamoDB would refuse and that cannot be trimmed into one it accepts. */
    public static final class UnsafeItemException extends Exception {
        private static final long serialVersionUID = 1L;

        public UnsafeItemException(String message) {
            super(message);
        }
    }

    /**
     * The item made safe: the same item when nothing needed changing, else a copy with long strings and lists
     * trimmed, unusable numbers dropped and a {@value #NOTES} attribute saying so.
     *
     * @throws UnsafeItemException when a key is empty or too long, or the item is still too large
     */
    public static Map<String, AttributeValue> fit(Map<String, AttributeValue> item, Keys keys) throws UnsafeItemException {
        checkKeys(item, keys);
        List<String> notes = new ArrayList<>();
        Map<String, AttributeValue> fitted = new LinkedHashMap<>();
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            String name = e.getKey();
            AttributeValue value = keys.contains(name) ? e.getValue()
                    : fitValue(name, e.getValue(), keys.maxStringBytes(), notes);
            if (value != null) {
                fitted.put(name, value);
            }
        }
        if (notes.isEmpty()) {
            checkSize(item);
            return item;
        }
        fitted.put(NOTES, AttributeValue.fromS(trimUtf8(String.join("; ", notes), MAX_STRING_BYTES)));
        checkSize(fitted);
        return fitted;
    }

    private static void checkKeys(Map<String, AttributeValue> item, Keys keys) throws UnsafeItemException {
        for (String name : keys.partitionKeys()) {
            checkKey(item, name, MAX_PARTITION_KEY_BYTES, "partition");
        }
        for (String name : keys.sortKeys()) {
            checkKey(item, name, MAX_SORT_KEY_BYTES, "sort");
        }
    }

    private static void checkKey(Map<String, AttributeValue> item, String name, int limit, String role)
            throws UnsafeItemException {
        AttributeValue value = item.get(name);
        if (value == null) {
            return; // an index key may be absent: the item is then not in that index
        }
        if (value.s() == null) {
            throw new UnsafeItemException("key " + name + " is not a string");
        }
        int bytes = utf8Length(value.s());
        if (bytes == 0) {
            throw new UnsafeItemException("key " + name + " is empty");
        }
        if (bytes > limit) {
            throw new UnsafeItemException("key " + name + " is " + bytes + " bytes long, more than DynamoDB's "
                    + limit + "-byte " + role + " key limit (it starts '" + trimUtf8(value.s(), 120) + "')");
        }
    }

    private static void checkSize(Map<String, AttributeValue> item) throws UnsafeItemException {
        long size = sizeOf(item);
        if (size > MAX_ITEM_BYTES) {
            throw new UnsafeItemException("the item is " + size + " bytes, more than DynamoDB's " + MAX_ITEM_BYTES
                    + "-byte limit, even with long values trimmed");
        }
    }

    private static AttributeValue fitValue(String name, AttributeValue value, int maxStringBytes, List<String> notes) {
        if (value.s() != null) {
            int bytes = utf8Length(value.s());
            if (bytes > maxStringBytes) {
                notes.add(name + " trimmed from " + bytes + " bytes");
                return AttributeValue.fromS(trimUtf8(value.s(), maxStringBytes));
            }
            return value;
        }
        if (value.n() != null) {
            if (!isValidNumber(value.n())) {
                notes.add(name + " dropped: " + trimUtf8(value.n(), 40) + " is not a number DynamoDB can hold");
                return null;
            }
            return value;
        }
        if (value.hasL()) {
            List<AttributeValue> kept = new ArrayList<>();
            int dropped = 0;
            int trimmed = 0;
            for (AttributeValue element : value.l()) {
                if (element.n() != null && !isValidNumber(element.n())) {
                    dropped++;
                } else if (element.s() != null && utf8Length(element.s()) > maxStringBytes) {
                    kept.add(AttributeValue.fromS(trimUtf8(element.s(), maxStringBytes)));
                    trimmed++;
                } else {
                    kept.add(element);
                }
            }
            if (dropped > 0) {
                notes.add(name + ": " + dropped + " value(s) dropped (NaN, infinite or out of DynamoDB's range)");
            }
            if (trimmed > 0) {
                notes.add(name + ": " + trimmed + " element(s) trimmed");
            }
            if (kept.size() > MAX_LIST_ELEMENTS) {
                notes.add(name + " trimmed from " + kept.size() + " to " + MAX_LIST_ELEMENTS + " elements");
                kept = kept.subList(0, MAX_LIST_ELEMENTS);
            }
            if (kept.size() == value.l().size() && dropped == 0 && trimmed == 0) {
                return value;
            }
            return kept.isEmpty() ? null : AttributeValue.fromL(kept);
        }
        return value;
    }

    /** True when DynamoDB accepts {@code n} as a number: finite, at most 38 significant digits, 1E-130 to under 1E126. */
    public static boolean isValidNumber(String n) {
        BigDecimal d;
        try {
            d = new BigDecimal(n.trim());
        } catch (NumberFormatException e) {
            return false;
        }
        if (d.signum() == 0) {
            return true;
        }
        BigDecimal stripped = d.stripTrailingZeros();
        int exponent = stripped.precision() - stripped.scale() - 1; // the power of ten of the leading digit
        return stripped.precision() <= 38 && exponent >= -130 && exponent <= 125;
    }

    /**
     * An approximation from above of the size DynamoDB gives {@code item}: attribute names plus values, strings
     * in UTF-8 bytes, numbers at most 21 bytes, lists and maps 3 bytes plus 1 per element.
     */
    public static long sizeOf(Map<String, AttributeValue> item) {
        long size = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            size += utf8Length(e.getKey()) + sizeOf(e.getValue());
        }
        return size;
    }

    private static long sizeOf(AttributeValue v) {
        if (v.s() != null) {
            return utf8Length(v.s());
        }
        if (v.n() != null) {
            return 21;
        }
        if (v.b() != null) {
            return v.b().asByteArrayUnsafe().length;
        }
        if (v.hasL()) {
            long size = 3;
            for (AttributeValue element : v.l()) {
                size += 1 + sizeOf(element);
            }
            return size;
        }
        if (v.hasM()) {
            return 3 + v.m().entrySet().stream().mapToLong(e -> 1 + utf8Length(e.getKey()) + sizeOf(e.getValue())).sum();
        }
        if (v.hasSs()) {
            return v.ss().stream().mapToLong(ItemGuard::utf8Length).sum();
        }
        if (v.hasNs()) {
            return 21L * v.ns().size();
        }
        return 1; // BOOL, NULL
    }

    /** The length of {@code s} in UTF-8 bytes, without encoding it. */
    public static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /**
     * {@code s} if it fits in {@code maxBytes} UTF-8 bytes, else its longest prefix that fits with {@value #TRIMMED}
     * appended (never splitting a character).
     */
    public static String trimUtf8(String s, int maxBytes) {
        if (s == null || utf8Length(s) <= maxBytes) {
            return s;
        }
        int room = Math.max(0, maxBytes - TRIMMED.length());
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        CharBuffer in = CharBuffer.wrap(s);
        CoderResult result = encoder.encode(in, ByteBuffer.allocate(room), true);
        assert result.isOverflow() || result.isUnderflow();
        return s.substring(0, in.position()) + TRIMMED;
    }
}

package io.isobar.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.isobar.model.ForecastFile;
import io.isobar.model.IngestError;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Items are made safe for DynamoDB, measured in UTF-8 bytes, or refused with a reason. */
class ItemGuardTest {

    private static final Instant RUN = Instant.parse("2026-11-23T06:00:00Z");

    private static ForecastFile file(String variable, String longName, List<Double> heights) {
        return new ForecastFile("9f86d081884c7d65", "ukv", variable, "air_temperature", longName, "K", null, RUN, 3600,
                RUN.plusSeconds(3600), List.of(), heights, List.of(), List.of("projection_y_coordinate=36"),
                "s3://archive/ukv/x.nc", "s3://source/x.nc", 1234, "abc", RUN.plusSeconds(60));
    }

    @Test
    void aWellBehavedItemIsLeftAlone() throws Exception {
        Map<String, AttributeValue> item = FileItems.toItem(file("air_temperature", "Air temperature", List.of(1.5)));

        assertThat(ItemGuard.fit(item, ItemGuard.FILES)).isSameAs(item);
    }

    @Test
    void aHugeLongNameIsTrimmedWithAMarker() throws Exception {
        String huge = "x".repeat(600_000);
        Map<String, AttributeValue> item = FileItems.toItem(file("air_temperature", huge, List.of()));
        assertThat(ItemGuard.sizeOf(item)).isGreaterThan(ItemGuard.MAX_ITEM_BYTES);

        Map<String, AttributeValue> safe = ItemGuard.fit(item, ItemGuard.FILES);

        String longName = safe.get("long_name").s();
        assertThat(ItemGuard.utf8Length(longName)).isLessThanOrEqualTo(ItemGuard.MAX_STRING_BYTES);
        assertThat(longName).startsWith("xxxx").endsWith(ItemGuard.TRIMMED);
        assertThat(safe.get(ItemGuard.NOTES).s()).isEqualTo("long_name trimmed from 600000 bytes");
        assertThat(ItemGuard.sizeOf(safe)).isLessThan(ItemGuard.MAX_ITEM_BYTES);
        assertThat(safe.get(IndexSchema.FILES_SK)).isEqualTo(item.get(IndexSchema.FILES_SK));
        assertThat(FileItems.fromItem(safe).variable()).isEqualTo("air_temperature");
    }

    @Test
    void sizesAreUtf8BytesNotCharacters() {
        String degrees = "\u00b0".repeat(3000); // 2 bytes each
        String emoji = "\ud83c\udf21".repeat(10); // 4 bytes each
        assertThat(ItemGuard.utf8Length(degrees)).isEqualTo(6000);
        assertThat(ItemGuard.utf8Length(emoji)).isEqualTo(40);

        String trimmed = ItemGuard.trimUtf8(degrees, ItemGuard.MAX_STRING_BYTES);
        assertThat(ItemGuard.utf8Length(trimmed)).isLessThanOrEqualTo(ItemGuard.MAX_STRING_BYTES);
        assertThat(trimmed).endsWith(ItemGuard.TRIMMED);
        String cutEmoji = ItemGuard.trimUtf8(emoji + emoji, 30);
        assertThat(cutEmoji.replace(ItemGuard.TRIMMED, "")).as("no character split in half").isEqualTo(emoji.substring(0, 8));
    }

    @Test
    void nonFiniteNumbersAreDroppedAndNoted() throws Exception {
        List<Double> heights = new ArrayList<>(List.of(1.5, Double.NaN, 10.0, Double.POSITIVE_INFINITY));
        Map<String, AttributeValue> safe = ItemGuard.fit(FileItems.toItem(file("wind_speed", null, heights)), ItemGuard.FILES);

        assertThat(safe.get("heights").l()).extracting(AttributeValue::n).containsExactly("1.5", "10.0");
        assertThat(safe.get(ItemGuard.NOTES).s()).contains("heights: 2 value(s) dropped");
        Map<String, AttributeValue> onlyNaN = ItemGuard.fit(Map.of(IndexSchema.FILES_PK, AttributeValue.fromS("t"),
                "value", AttributeValue.fromN("NaN")), ItemGuard.FILES);
        assertThat(onlyNaN).doesNotContainKey("value");
        assertThat(ItemGuard.isValidNumber("1e-131")).isFalse();
        assertThat(ItemGuard.isValidNumber("9.99e125")).isTrue();
        assertThat(ItemGuard.isValidNumber("1e126")).isFalse();
        assertThat(ItemGuard.isValidNumber("-0.0")).isTrue();
    }

    @Test
    void aLongListIsCut() throws Exception {
        List<AttributeValue> many = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            many.add(AttributeValue.fromN(Integer.toString(i)));
        }
        Map<String, AttributeValue> safe = ItemGuard.fit(Map.of(IndexSchema.FILES_PK, AttributeValue.fromS("t"),
                "realizations", AttributeValue.fromL(many)), ItemGuard.FILES);

        assertThat(safe.get("realizations").l()).hasSize(ItemGuard.MAX_LIST_ELEMENTS);
        assertThat(safe.get(ItemGuard.NOTES).s()).isEqualTo("realizations trimmed from 5000 to 1000 elements");
    }

    @Test
    void aKeyBeyondDynamoDbsLimitCannotBeMadeSafe() {
        // The variable is part of the sort key (1,024 bytes at most); 600 three-byte characters are 1,800 bytes.
        Map<String, AttributeValue> item = FileItems.toItem(file("\u2603".repeat(600), null, List.of()));

        assertThatThrownBy(() -> ItemGuard.fit(item, ItemGuard.FILES))
                .isInstanceOf(ItemGuard.UnsafeItemException.class)
                .hasMessageStartingWith("key file_key is 18")
                .hasMessageContaining("bytes long, more than DynamoDB's 1024-byte sort key limit");
        Map<String, AttributeValue> emptyKey = new HashMap<>(FileItems.toItem(file("v", null, List.of())));
        emptyKey.put(IndexSchema.BY_RUN_PK, AttributeValue.fromS(""));
        assertThatThrownBy(() -> ItemGuard.fit(emptyKey, ItemGuard.FILES)).hasMessage("key run_key is empty");
    }

    @Test
    void anItemTooLargeEvenTrimmedIsRefused() {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(IndexSchema.FILES_PK, AttributeValue.fromS("t"));
        for (int i = 0; i < 120; i++) {
            item.put("a" + i, AttributeValue.fromS("y".repeat(4000)));
        }
        assertThatThrownBy(() -> ItemGuard.fit(item, ItemGuard.FILES)).hasMessageContaining("more than DynamoDB's 409600-byte limit");
    }

    @Test
    void filesItemsExpireWithTheArchive() {
        ForecastFile f = file("air_temperature", null, List.of());
        assertThat(FileItems.toItem(f).get(IndexSchema.FILES_TTL).n())
                .isEqualTo(Long.toString(f.indexedAt().plus(Duration.ofDays(365)).getEpochSecond()));
        assertThat(FileItems.toItem(f, Duration.ofDays(30)).get(IndexSchema.FILES_TTL).n())
                .isEqualTo(Long.toString(f.indexedAt().plus(Duration.ofDays(30)).getEpochSecond()));
    }

    @Test
    void errorRecordsAreSafeWhateverTheyHoldAndKeyedPerObjectAndKind() throws Exception {
        String huge = "\u00e9".repeat(300_000); // 600,000 bytes
        IngestError error = new IngestError("msg-1:9f86d081884c7d65", RUN, IngestError.Kind.UNREADABLE, "s3://b/" + huge,
                huge, huge);

        Map<String, AttributeValue> item = ErrorItems.toItem(error);

        assertThat(ItemGuard.fit(item, ItemGuard.ERRORS)).isSameAs(item);
        assertThat(ItemGuard.sizeOf(item)).isLessThan(100_000);
        assertThat(item.get("raw_message").s()).endsWith(ItemGuard.TRIMMED);
        assertThat(item.get(IndexSchema.ERRORS_SK).s()).isEqualTo("2026-11-23T06:00:00Z#msg-1:9f86d081884c7d65#UNREADABLE");
        IngestError replay = new IngestError(error.id(), error.occurredAt(), error.kind(), error.objectUri(), "other words", null);
        assertThat(ErrorItems.toItem(replay).get(IndexSchema.ERRORS_SK)).isEqualTo(item.get(IndexSchema.ERRORS_SK));
        IngestError otherKind = new IngestError(error.id(), error.occurredAt(), IngestError.Kind.TRUNCATED, null, "r", null);
        assertThat(ErrorItems.toItem(otherKind).get(IndexSchema.ERRORS_SK)).isNotEqualTo(item.get(IndexSchema.ERRORS_SK));
        IngestError longId = new IngestError("run-" + "z".repeat(5000), RUN, IngestError.Kind.NOT_NETCDF, null, "r", null);
        assertThat(ItemGuard.utf8Length(ErrorItems.errorKey(longId))).isLessThanOrEqualTo(ItemGuard.MAX_SORT_KEY_BYTES);
    }
}

package io.isobar.query.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isobar.index.Marker;
import io.isobar.query.http.ApiProblem;
import io.isobar.query.http.Cursor;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Cursors are not signed, so a client can forge one that keeps its query's fingerprint and changes the position:
 * the listing must still refuse a position outside the query it was issued for.
 */
class MarkerListingTest {

    private static final Instant FROM = Instant.parse("2025-06-14T00:00:00Z");
    private static final Instant TO = Instant.parse("2025-06-15T00:00:00Z");
    private static final String FINGERPRINT = Cursor.fingerprint("times", "ukv", FROM.toString(), TO.toString());

    private static Marker read(String time, String model) {
        String forged = Cursor.encode(FINGERPRINT, Map.of("time", time, "model", model));
        return MarkerListing.position(Cursor.decode(forged, FINGERPRINT), "time", Marker.Kind.VALID_TIME, Optional.of("ukv"), FROM, TO);
    }

    @Test
    void aPositionInsideTheQueryIsTheMarkerToStartAfter() {
        assertThat(read("2025-06-14T06:00:00Z", "ukv")).isEqualTo(Marker.validTime("ukv", Instant.parse("2025-06-14T06:00:00Z")));
        assertThat(read(FROM.toString(), "ukv").time()).isEqualTo(FROM);
        assertThat(read(TO.toString(), "ukv").time()).isEqualTo(TO);
    }

    @Test
    void aForgedPositionWithTheRightFingerprintIsRejected() {
        for (String[] forged : new String[][] {
                {"2025-06-13T23:59:59Z", "ukv"},     // before from
                {"2025-06-15T00:00:01Z", "ukv"},     // after to
                {"2025-06-14T06:00:00Z", "global"},  // another model than the query's
                {"2025-06-14T06:00:00Z", "../x"},    // not a model name
                {"yesterday", "ukv"}}) {
            assertThatThrownBy(() -> read(forged[0], forged[1])).as(String.join(" ", forged))
                    .isInstanceOf(ApiProblem.class)
                    .satisfies(e -> assertThat(((ApiProblem) e).type()).isEqualTo("invalid-cursor"));
        }
    }
}

package io.isobar.query.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class CursorTest {

    @Test
    void roundTripsAPositionForTheSameQuery() {
        String fp = Cursor.fingerprint("times", "ukv", "a", "b");
        String cursor = Cursor.encode(fp, Map.of("time", "2025-06-14T01:00:00Z", "model", "ukv"));
        assertThat(cursor).matches("[A-Za-z0-9_-]+");
        assertThat(Cursor.decode(cursor, fp)).isEqualTo(Map.of("time", "2025-06-14T01:00:00Z", "model", "ukv"));
    }

    @Test
    void rejectsCursorsOfOtherQueriesAndGarbage() {
        String fp = Cursor.fingerprint("times", "ukv");
        String cursor = Cursor.encode(fp, Map.of("time", "t"));
        assertThatThrownBy(() -> Cursor.decode(cursor, Cursor.fingerprint("times", "global"))).isInstanceOf(ApiProblem.class);
        for (String bad : new String[] {"", "%%%", "eyJ", "bnVsbA", "WzFd", "eyJxIjpbXX0", "a".repeat(5000)}) {
            assertThatThrownBy(() -> Cursor.decode(bad, fp)).as(bad).isInstanceOf(ApiProblem.class)
                    .satisfies(e -> assertThat(((ApiProblem) e).type()).isEqualTo("invalid-cursor"));
        }
    }

    @Test
    void fingerprintsDistinguishPartBoundaries() {
        assertThat(Cursor.fingerprint("ab", "c")).isNotEqualTo(Cursor.fingerprint("a", "bc"));
    }
}

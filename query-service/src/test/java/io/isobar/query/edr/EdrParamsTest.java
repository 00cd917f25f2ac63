package io.isobar.query.edr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Polygon;

import io.isobar.query.forecast.GreatCircle;
import io.isobar.query.http.ApiProblem;

class EdrParamsTest {

    @Test
    void instanceIdsAreRunTimes() {
        assertThat(EdrParams.instanceId("20251118T030000Z")).isEqualTo(Instant.parse("2025-11-18T03:00:00Z"));
        assertThat(EdrParams.instanceId(Instant.parse("2025-11-18T03:00:00Z"))).isEqualTo("20251118T030000Z");
        for (String bad : new String[] {"2025-11-18T03:00:00Z", "20251118T0300Z", "20251318T030000Z", "x"}) {
            assertThatThrownBy(() -> EdrParams.instanceId(bad)).isInstanceOf(ApiProblem.class)
                    .satisfies(e -> assertThat(((ApiProblem) e).status()).isEqualTo(404));
        }
    }

    @Test
    void aCircleHasItsRadiusAllRound() {
        Coordinate centre = new Coordinate(-3.1883, 55.9533);
        Polygon circle = EdrParams.circle(centre, 10_000);
        assertThat(circle.isValid()).isTrue();
        for (Coordinate c : circle.getCoordinates()) {
            assertThat(GreatCircle.distance(centre.y, centre.x, c.y, c.x)).isBetween(9_999.0, 10_001.0);
        }
    }
}

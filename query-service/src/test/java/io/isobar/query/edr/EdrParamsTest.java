package io.isobar.query.edr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Polygon;

import io.isobar.query.forecast.GreatCircle;
import io.isobar.query.http.ApiProblem;
import io.isobar.query.http.Params;

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
        Polygon circle = EdrGeometry.circle(centre, 10_000);
        assertThat(circle.isValid()).isTrue();
        for (Coordinate c : circle.getCoordinates()) {
            assertThat(GreatCircle.distance(centre.y, centre.x, c.y, c.x)).isBetween(9_999.0, 10_001.0);
        }
    }

    @Test
    void fChoosesTheFormatAndWithoutItTheAcceptHeaderDoesByItsWeights() {
        assertThat(EdrParams.format(params("f=GeoJSON"), "text/csv")).isEqualTo(EdrParams.Format.GEO_JSON);
        assertThat(EdrParams.format(params(""), null)).isEqualTo(EdrParams.Format.COVERAGE_JSON);
        assertThat(EdrParams.format(params(""), "text/csv")).isEqualTo(EdrParams.Format.CSV);
        assertThat(EdrParams.format(params(""), "application/geo+json")).isEqualTo(EdrParams.Format.GEO_JSON);
        assertThat(EdrParams.format(params(""), "application/prs.coverage+json")).isEqualTo(EdrParams.Format.COVERAGE_JSON);
        assertThat(EdrParams.format(params(""), "text/csv;q=0.5, application/geo+json;q=0.9"))
                .isEqualTo(EdrParams.Format.GEO_JSON);
        assertThat(EdrParams.format(params(""), "image/png, text/csv;q=0.1")).isEqualTo(EdrParams.Format.CSV);
        // A browser's header: HTML is not offered, so its */* takes the default.
        assertThat(EdrParams.format(params(""), "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"))
                .isEqualTo(EdrParams.Format.COVERAGE_JSON);
    }

    @Test
    void anAcceptHeaderThatAdmitsNoFormatIsA406NamingThem() {
        for (String accept : new String[] {"image/png", "text/csv;q=0", "application/xml;q=bad"}) {
            assertThatThrownBy(() -> EdrParams.format(params(""), accept)).isInstanceOf(ApiProblem.class)
                    .satisfies(e -> assertThat(((ApiProblem) e).status()).isEqualTo(406))
                    .hasMessageContaining("application/vnd.cov+json").hasMessageContaining("f=");
        }
    }

    private static Params params(String query) {
        return Params.of(query, EdrParams.allowed());
    }
}

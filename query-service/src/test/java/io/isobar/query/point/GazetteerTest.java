package io.isobar.query.point;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.isobar.query.forecast.GridProjection;
import io.isobar.query.forecast.GridProjectionTest;

class GazetteerTest {

    private final Gazetteer gazetteer = Gazetteer.load();

    @Test
    void shipsMoreThanAHundredUniquelyNamedUkPlaces() {
        assertThat(gazetteer.places()).hasSizeGreaterThanOrEqualTo(100);
        Set<String> keys = new HashSet<>();
        for (Place p : gazetteer.places()) {
            assertThat(keys.add(Gazetteer.key(p.name()))).as(p.name()).isTrue();
            assertThat(p.country()).isIn("England", "Scotland", "Wales", "Northern Ireland", "Isle of Man");
            // The British Isles' bounding box, and on the Met Office UK 2 km grid
            // (x -1159000..925000 m, y -1037000..903000 m around 54.9N 2.5W).
            assertThat(p.latitude()).as(p.name()).isBetween(49.8, 60.9);
            assertThat(p.longitude()).as(p.name()).isBetween(-8.2, 1.8);
            double[] xy = GridProjection.of(GridProjectionTest.UK).toGrid(p.latitude(), p.longitude()).orElseThrow();
            assertThat(xy[0]).as(p.name()).isBetween(-1_159_000.0, 925_000.0);
            assertThat(xy[1]).as(p.name()).isBetween(-1_037_000.0, 903_000.0);
        }
    }

    @Test
    void findsPlacesIgnoringCasePunctuationAndAliases() {
        assertThat(gazetteer.find("london")).map(Place::name).contains("London");
        assertThat(gazetteer.find("  EDINBURGH ")).map(Place::name).contains("Edinburgh");
        assertThat(gazetteer.find("stoke on trent")).map(Place::name).contains("Stoke-on-Trent");
        assertThat(gazetteer.find("Kings Lynn")).map(Place::name).contains("King's Lynn");
        assertThat(gazetteer.find("st. andrews")).map(Place::name).contains("St Andrews");
        assertThat(gazetteer.find("Hull")).map(Place::name).contains("Kingston upon Hull");
        assertThat(gazetteer.find("Londonderry")).map(Place::name).contains("Derry");
        assertThat(gazetteer.find("Atlantis")).isEmpty();
    }

    @Test
    void suggestsCloseNamesForUnknownOnes() {
        assertThat(gazetteer.suggestions("Duglas")).first().isEqualTo("Douglas");
        assertThat(gazetteer.suggestions("Edinbrugh")).contains("Edinburgh");
        assertThat(gazetteer.suggestions("manchster")).first().isEqualTo("Manchester");
        assertThat(gazetteer.suggestions("Newcastle-upon-Tine")).first().isEqualTo("Newcastle upon Tyne");
        assertThat(gazetteer.suggestions("Aber")).contains("Aberdeen", "Aberystwyth");
        assertThat(gazetteer.suggestions("qqqqzzzzxxxx")).isEmpty();
        assertThat(gazetteer.suggestions("")).isEmpty();
    }

    @Test
    void measuresEditDistance() {
        assertThat(Gazetteer.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Gazetteer.distance("", "abc")).isEqualTo(3);
        assertThat(Gazetteer.distance("york", "york")).isZero();
    }
}

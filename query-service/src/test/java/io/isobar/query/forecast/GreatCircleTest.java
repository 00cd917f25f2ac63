package io.isobar.query.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GreatCircleTest {

    private static final double R = GreatCircle.EARTH_RADIUS_M;

    @Test
    void aDegreeOfAMeridianOrOfTheEquatorIsAThreeHundredSixtiethOfTheCircumference() {
        assertThat(GreatCircle.distance(0, 0, 0, 1)).isCloseTo(2 * Math.PI * R / 360, within(1e-6));
        assertThat(GreatCircle.distance(50, 3, 51, 3)).isCloseTo(2 * Math.PI * R / 360, within(1e-6));
        // Along a parallel a degree shrinks with the cosine of the latitude (a great circle is a little shorter).
        assertThat(GreatCircle.distance(60, 0, 60, 1)).isCloseTo(Math.PI * R / 360, within(10.0)).isLessThan(Math.PI * R / 360);
    }

    @Test
    void isSymmetricZeroAtThePointAndHalfTheCircumferenceToTheAntipode() {
        assertThat(GreatCircle.distance(51.5074, -0.1278, 48.8566, 2.3522))
                .isEqualTo(GreatCircle.distance(48.8566, 2.3522, 51.5074, -0.1278));
        assertThat(GreatCircle.distance(51.5074, -0.1278, 51.5074, -0.1278)).isZero();
        // asin near 1 is ill-conditioned: the antipode comes within a metre, not a millimetre.
        assertThat(GreatCircle.distance(10, 20, -10, -160)).isCloseTo(Math.PI * R, within(1.0));
    }

    @Test
    void aDestinationLiesAtTheDistanceAskedForOnItsBearing() {
        double[] north = GreatCircle.destination(50, 0, 0, 10_000);
        assertThat(north[0]).isCloseTo(50 + Math.toDegrees(10_000 / R), within(1e-9));
        assertThat(north[1]).isCloseTo(0, within(1e-12));
        double[] east = GreatCircle.destination(0, 10, Math.PI / 2, 2 * Math.PI * R / 360);
        assertThat(east[0]).isCloseTo(0, within(1e-9));
        assertThat(east[1]).isCloseTo(11, within(1e-9));
        for (int i = 0; i < 8; i++) {
            double[] at = GreatCircle.destination(54.9, -2.5, 2 * Math.PI * i / 8, 25_000);
            assertThat(GreatCircle.distance(54.9, -2.5, at[0], at[1])).as("bearing %d/8", i).isCloseTo(25_000, within(1e-3));
        }
    }
}

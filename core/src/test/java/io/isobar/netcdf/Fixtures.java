package io.isobar.netcdf;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** The committed netCDF fixtures (see scripts/make-fixtures.sh and the CDL beside each file). */
public final class Fixtures {

    public static final String UKV_2D = "ukv-2d-air_temperature.nc";
    public static final String ENSEMBLE_WIND = "mogreps-uk-ensemble-wind_speed.nc";
    public static final String MAX_TEMPERATURE = "mogreps-uk-air_temperature-max.nc";
    public static final String PRESSURE_WIND = "ukv-pressure-wind_speed.nc";
    public static final String CLASSIC = "classic.nc";
    /** Global deterministic, (latitude, longitude), longitudes -180..180. */
    public static final String GLOBAL = "global-air_temperature.nc";
    /** MOGREPS-G, (realization, latitude, longitude), longitudes 0..360. */
    public static final String MOGREPS_G = "mogreps-g-air_temperature.nc";
    /** IMPROVER UK gridded percentiles, (percentile, y, x), blend_time. */
    public static final String BPF_PERCENTILES = "bpf-uk-percentiles-air_temperature.nc";
    /** IMPROVER UK gridded probabilities, (threshold, y, x). */
    public static final String BPF_PROBABILITIES = "bpf-uk-probabilities-wind_speed.nc";
    /** IMPROVER UK spot percentiles, (percentile, spot_index), six sites. */
    public static final String BPF_SPOT_PERCENTILES = "bpf-uk-spot-percentiles-air_temperature.nc";
    /** IMPROVER UK spot probabilities, (threshold, spot_index), below thresholds. */
    public static final String BPF_SPOT_PROBABILITIES = "bpf-uk-spot-probabilities-rainfall.nc";
    /** Written in the Met Office's order: metadata at the start and at the end, ~460 KB of data between. */
    public static final String LAYOUT = "layout-iris-order.nc";

    private Fixtures() {}

    /** Every cell of a variable of {@code shape}, row-major: one index per dimension. */
    public static java.util.List<int[]> allCells(int[] shape) {
        java.util.List<int[]> cells = new java.util.ArrayList<>();
        int total = 1;
        for (int s : shape) {
            total *= s;
        }
        for (int i = 0; i < total; i++) {
            int[] cell = new int[shape.length];
            int rest = i;
            for (int d = shape.length - 1; d >= 0; d--) {
                cell[d] = rest % shape[d];
                rest /= shape[d];
            }
            cells.add(cell);
        }
        return cells;
    }

    public static Path path(String name) {
        URL url = Fixtures.class.getResource("/fixtures/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no fixture " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

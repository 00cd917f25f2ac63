package io.isobar.query.forecast;

import io.isobar.netcdf.NetcdfHeader;

/**
 * How the answers name a blend's percentile or threshold slice: as the ensemble statistic it stands for
 * ({@code p90}, {@code probability_above_10}, as {@link EnsembleStatistics#keys()} names those computed from members),
 * so that a blend's answer and an ensemble's read alike; the exact comparison goes beside the value.
 */
public final class BlendNames {

    private BlendNames() {}

    /**
     * {@code p90} for a percentile, {@code probability_above_10} for a threshold (the coordinate's
     * {@link NetcdfHeader.Threshold#direction()}, {@code above} when the file does not say), null for neither.
     */
    public static String statisticKey(Double percentile, Double threshold, NetcdfHeader.Threshold coordinate) {
        if (percentile != null) {
            return "p" + Slices.number(percentile);
        }
        if (threshold == null) {
            return null;
        }
        String direction = coordinate == null || coordinate.direction() == null ? "above" : coordinate.direction();
        return "probability_" + direction + "_" + Slices.number(threshold);
    }

    /**
     * A blend's slice in words, for descriptions: {@code 90th percentile of the blend}, {@code probability that
     * wind_speed is greater_than_or_equal_to 10 m s-1}; null for neither.
     */
    public static String describe(Double percentile, Double threshold, NetcdfHeader.Threshold coordinate) {
        if (percentile != null) {
            return Slices.number(percentile) + "th percentile of the blend";
        }
        if (threshold == null) {
            return null;
        }
        String quantity = coordinate == null || coordinate.name() == null ? "the value" : coordinate.name();
        String comparison = coordinate == null || coordinate.comparison() == null ? "above" : coordinate.comparison();
        String units = coordinate == null || coordinate.units() == null ? "" : " " + coordinate.units();
        return "probability that " + quantity + " is " + comparison + " " + Slices.number(threshold) + units;
    }
}

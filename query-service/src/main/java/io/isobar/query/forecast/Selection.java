package io.isobar.query.forecast;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which ensemble member and level to read; an empty field means every one the file has. {@code level} is EDR's
 * {@code z}: a height (m) or a pressure (Pa), whichever the file has.
 *
 * <p>{@code percentile} (%) and {@code threshold} (in the threshold's units) choose a slice of the IMPROVER blended
 * probabilistic forecasts, whose files have a percentile or a threshold dimension ({@link Slices}); which values a
 * collection has is checked against the index first ({@link BlendSelection}).
 */
public record Selection(Optional<Integer> realization, Optional<Double> height, Optional<Double> pressure,
        Optional<Double> level, Optional<Double> percentile, Optional<Double> threshold) {

    public Selection(Optional<Integer> realization, Optional<Double> height, Optional<Double> pressure, Optional<Double> level) {
        this(realization, height, pressure, level, Optional.empty(), Optional.empty());
    }

    public Selection(Optional<Integer> realization, Optional<Double> height, Optional<Double> pressure) {
        this(realization, height, pressure, Optional.empty());
    }

    public static Selection all() {
        return new Selection(Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The selection with every realization kept (ensemble statistics need all members). */
    public Selection allMembers() {
        return new Selection(Optional.empty(), height, pressure, level, percentile, threshold);
    }

    /** The selection with this percentile and threshold (empty: every one the file has). */
    public Selection withBlend(Optional<Double> newPercentile, Optional<Double> newThreshold) {
        return new Selection(realization, height, pressure, level, newPercentile, newThreshold);
    }

    /** For messages: {@code realization 7 and height 10 m}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        realization.ifPresent(r -> parts.add("realization " + r));
        height.ifPresent(h -> parts.add("height " + plain(h) + " m"));
        pressure.ifPresent(p -> parts.add("pressure " + plain(p) + " Pa"));
        level.ifPresent(z -> parts.add("level z=" + plain(z)));
        percentile.ifPresent(p -> parts.add("percentile " + plain(p)));
        threshold.ifPresent(t -> parts.add("threshold " + plain(t)));
        return String.join(" and ", parts);
    }

    /** {@code 10} for 10.0, {@code 1.5} for 1.5. */
    private static String plain(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}

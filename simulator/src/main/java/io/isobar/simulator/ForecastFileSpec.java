package io.isobar.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import io.isobar.model.MetOfficeProduct;
import io.isobar.netcdf.GridKind;

/**
 * What one simulated file holds: which product and run, forecast step, variable and ensemble members, on which
 * grid (or sites). A blend's percentiles (the product's) or thresholds (the variable's) follow from the product; the
 * data values follow from it all and the {@link SyntheticField}.
 *
 * @param forecastReferenceTime the model run, or a blend's blend time (whole seconds)
 * @param forecastPeriod the step from the run to the validity time (whole seconds, not negative)
 * @param realizations ensemble members in the file; empty for deterministic models, non-empty for ensembles
 * @param createdTime when the file was made (the {@code history} attribute and the notification's {@code created_time})
 */
public record ForecastFileSpec(MetOfficeModel model, Variable variable, Instant forecastReferenceTime,
                               Duration forecastPeriod, List<Integer> realizations, GridSpec grid, Instant createdTime) {

    public ForecastFileSpec {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(variable, "variable");
        Objects.requireNonNull(forecastReferenceTime, "forecastReferenceTime");
        Objects.requireNonNull(forecastPeriod, "forecastPeriod");
        Objects.requireNonNull(grid, "grid");
        Objects.requireNonNull(createdTime, "createdTime");
        realizations = realizations == null ? List.of() : List.copyOf(realizations);
        if (forecastPeriod.isNegative() || forecastPeriod.getNano() != 0) {
            throw new IllegalArgumentException("forecast period must be whole, non-negative seconds: " + forecastPeriod);
        }
        if (forecastReferenceTime.getNano() != 0) {
            throw new IllegalArgumentException("forecast reference time must be whole seconds: " + forecastReferenceTime);
        }
        if (model.ensemble() == realizations.isEmpty()) {
            throw new IllegalArgumentException(model.shortName() + (model.ensemble()
                    ? " is an ensemble: give the realizations in the file"
                    : " is not an ensemble: its files have no realizations, got " + realizations));
        }
        if (model.product().kind() == MetOfficeProduct.Kind.PROBABILITIES && variable.thresholds().isEmpty()) {
            throw new IllegalArgumentException(model.shortName() + " holds probabilities, and the simulator has no thresholds"
                    + " for " + variable.standardName());
        }
        if ((model.product().spot()) != (grid.kind() == GridKind.SPOT)) {
            throw new IllegalArgumentException(model.shortName() + (model.product().spot() ? " holds sites, not a grid"
                    : " holds a grid, not sites") + ": got " + grid.describe());
        }
    }

    /** The percentiles a percentile blend's file holds, else empty. */
    public List<Double> percentiles() {
        return model.product().kind() == MetOfficeProduct.Kind.PERCENTILES ? model.product().percentiles() : List.of();
    }

    /** The thresholds a probability blend's file holds, else empty. */
    public List<Double> thresholds() {
        return model.product().kind() == MetOfficeProduct.Kind.PROBABILITIES ? variable.thresholds() : List.of();
    }

    /**
     * The file's leading dimension before any level: {@code realization}, {@code percentile} or {@code threshold}, or
     * null for a deterministic model's file.
     */
    public String lead() {
        if (!realizations.isEmpty()) {
            return "realization";
        }
        return switch (model.product().kind()) {
            case PERCENTILES -> "percentile";
            case PROBABILITIES -> "threshold";
            default -> null;
        };
    }

    /** How many values the leading dimension has (1 when there is none). */
    public int leadSize() {
        return !realizations.isEmpty() ? realizations.size() : !percentiles().isEmpty() ? percentiles().size()
                : !thresholds().isEmpty() ? thresholds().size() : 1;
    }

    /** The data variable's name: the variable's, or a probability blend's {@code probability_of_..._threshold}. */
    public String dataVariable() {
        return thresholds().isEmpty() ? variable.name() : variable.probabilityName();
    }

    /** The validity time: run plus step. */
    public Instant time() {
        return forecastReferenceTime.plus(forecastPeriod);
    }

    /** True when the variable is a statistic over a period, so the file has {@code time_bnds}. */
    public boolean hasBounds() {
        return variable.cellPeriod() != null;
    }
}

package io.isobar.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one simulated file holds: which model run, forecast step, variable and ensemble members, on which
 * grid. The data values follow from it and the {@link SyntheticField}.
 *
 * @param forecastReferenceTime the model run (whole seconds)
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
                    : " is deterministic: its files have no realizations, got " + realizations));
        }
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

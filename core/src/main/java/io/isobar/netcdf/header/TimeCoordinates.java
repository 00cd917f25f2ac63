package io.isobar.netcdf.header;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.isobar.netcdf.HeaderException;
import io.jhdf.api.Dataset;

/**
 * A forecast file's times: the validity time ({@code time}), the run ({@code forecast_reference_time}) and the step
 * ({@code forecast_period}, derived when absent), with their bounds. Coordinates honour their CF {@code units}
 * ({@code <seconds|minutes|hours|days> since <date>}).
 *
 * <p>IMPROVER's blended forecasts have no single run: their {@code blend_time} is when the blend was made, and their
 * {@code forecast_reference_time} and {@code forecast_period} are deprecated (and may go). When a file has a
 * {@code blend_time}, it is the run, and the step is the validity time minus it.
 */
final class TimeCoordinates {

    private static final Pattern TIME_UNITS = Pattern.compile("(?i)\\s*(\\w+)\\s+since\\s+(.+?)\\s*");
    private static final Pattern REFERENCE_DATE = Pattern.compile(
            "(-?\\d{1,4})-(\\d{1,2})-(\\d{1,2})(?:[ T](\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d+))?)?)?"
                    + "\\s*(Z|UTC|GMT|[+-]\\d{1,2}(?::?\\d{2})?)?");

    /** The times of one file; bounds are empty when the file has none. */
    record Times(Instant time, Instant forecastReferenceTime, long forecastPeriod, List<Instant> timeBounds,
            List<Long> forecastPeriodBounds) {}

    private final Datasets datasets;
    private final String uri;

    TimeCoordinates(Datasets datasets) {
        this.datasets = datasets;
        this.uri = datasets.uri();
    }

    /** Reads the times; {@code time} and {@code forecast_reference_time} (or {@code blend_time}) are required. */
    Times read() throws HeaderException {
        Dataset timeVar = datasets.require(datasets.coordinate("time", "time"), "time");
        Dataset blendVar = datasets.coordinate("blend_time", "blend_time");
        Dataset frtVar = blendVar != null ? blendVar
                : datasets.require(datasets.coordinate("forecast_reference_time", "forecast_reference_time"),
                        "forecast_reference_time (or blend_time)");
        Dataset fpVar = blendVar != null ? null : datasets.coordinate("forecast_period", "forecast_period");

        String timeUnits = HdfAttributes.string(timeVar, "units");
        Instant time = toInstant(datasets.single(timeVar), timeUnits, timeVar.getName());
        Instant frt = toInstant(datasets.single(frtVar), HdfAttributes.string(frtVar, "units"), frtVar.getName());
        long forecastPeriod;
        List<Long> forecastPeriodBounds = List.of();
        if (fpVar != null) {
            double scale = periodSeconds(HdfAttributes.string(fpVar, "units"), fpVar.getName());
            forecastPeriod = Math.round(datasets.single(fpVar) * scale);
            double[] bounds = datasets.boundsOf(fpVar);
            if (bounds.length >= 2) {
                forecastPeriodBounds = List.of(Math.round(bounds[0] * scale), Math.round(bounds[bounds.length - 1] * scale));
            }
        } else {
            // Derivable: the period is by definition the validity time minus the run time.
            forecastPeriod = time.getEpochSecond() - frt.getEpochSecond();
        }
        List<Instant> timeBounds = List.of();
        double[] tb = datasets.boundsOf(timeVar);
        if (tb.length >= 2) {
            timeBounds = List.of(toInstant(tb[0], timeUnits, timeVar.getName()), toInstant(tb[tb.length - 1], timeUnits, timeVar.getName()));
            if (fpVar == null && blendVar != null) {
                forecastPeriodBounds = List.of(timeBounds.get(0).getEpochSecond() - frt.getEpochSecond(),
                        timeBounds.get(1).getEpochSecond() - frt.getEpochSecond());
            }
        }
        return new Times(time, frt, forecastPeriod, timeBounds, forecastPeriodBounds);
    }

    private Instant toInstant(double value, String units, String variable) throws HeaderException {
        if (units == null || units.isBlank()) {
            // Met Office files always say; files that do not are taken to count seconds from 1970.
            return Instant.ofEpochSecond(Math.round(value));
        }
        Matcher m = TIME_UNITS.matcher(units);
        if (!m.matches()) {
            throw unusableUnits(variable, units);
        }
        double scale = unitSeconds(m.group(1));
        Instant reference = referenceDate(m.group(2));
        if (Double.isNaN(scale) || reference == null) {
            throw unusableUnits(variable, units);
        }
        return reference.plusMillis(Math.round(value * scale * 1000));
    }

    private double periodSeconds(String units, String variable) throws HeaderException {
        if (units == null || units.isBlank()) {
            return 1;
        }
        double scale = unitSeconds(units.trim());
        if (Double.isNaN(scale)) {
            throw new HeaderException(HeaderException.Reason.MISSING_COORDINATE, uri,
                    variable + " has units '" + units + "', not seconds, minutes, hours or days");
        }
        return scale;
    }

    private HeaderException unusableUnits(String variable, String units) {
        return new HeaderException(HeaderException.Reason.MISSING_COORDINATE, uri,
                variable + " has units '" + units + "', not '<seconds|minutes|hours|days> since <date>'");
    }

    private static double unitSeconds(String unit) {
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "seconds", "second", "secs", "sec", "s" -> 1;
            case "minutes", "minute", "mins", "min" -> 60;
            case "hours", "hour", "hrs", "hr", "h" -> 3600;
            case "days", "day", "d" -> 86400;
            default -> Double.NaN;
        };
    }

    static Instant referenceDate(String text) {
        Matcher m = REFERENCE_DATE.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        try {
            LocalDate date = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            LocalTime time = LocalTime.of(
                    m.group(4) == null ? 0 : Integer.parseInt(m.group(4)),
                    m.group(5) == null ? 0 : Integer.parseInt(m.group(5)),
                    m.group(6) == null ? 0 : Integer.parseInt(m.group(6)),
                    m.group(7) == null ? 0 : (int) Math.round(Double.parseDouble("0." + m.group(7)) * 1e9));
            ZoneOffset offset = ZoneOffset.UTC;
            String zone = m.group(8);
            if (zone != null && (zone.startsWith("+") || zone.startsWith("-"))) {
                String digits = zone.substring(1).replace(":", "");
                int hours = Integer.parseInt(digits.length() <= 2 ? digits : digits.substring(0, digits.length() - 2));
                int minutes = digits.length() <= 2 ? 0 : Integer.parseInt(digits.substring(digits.length() - 2));
                int sign = zone.startsWith("-") ? -1 : 1;
                offset = ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
            }
            return LocalDateTime.of(date, time).toInstant(offset);
        } catch (RuntimeException e) {
            return null;
        }
    }
}

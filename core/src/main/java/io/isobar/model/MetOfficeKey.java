package io.isobar.model;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an object key of the Met Office's newer buckets says about the file, without reading it:
 * {@code [.../]uk-deterministic-2km/{RUN}/{VALID}-PT{HHHH}H{MM}M-{parameter}.nc}, with RUN and VALID as
 * {@code YYYYMMDDTHHMMZ}. The older buckets' {@code <sha1>.nc} keys say nothing, and neither do other names:
 * {@link #parse} is then empty and only the file's header can tell.
 *
 * <p>The {@code parameter} is the Met Office's name for the product, not the CF variable inside the file
 * ({@code temperature_at_screen_level} holds {@code air_temperature}); {@link #variable} maps it where the
 * mapping is known from real files, and is null otherwise, so that nothing is ever ruled out on a guess.
 *
 * @param model the canonical model named by the folder above the run folder, or null
 * @param forecastReferenceTime the run, from the run folder
 * @param time the validity time, from the file name
 * @param forecastPeriod seconds from the run to the validity time, from the {@code PT...} part
 * @param parameter the Met Office parameter name, e.g. {@code temperature_at_screen_level}
 * @param variable the CF variable name the file holds, or null when the parameter is not one we know
 */
public record MetOfficeKey(String model, Instant forecastReferenceTime, Instant time, long forecastPeriod, String parameter,
                           String variable) {

    private static final Pattern KEY = Pattern.compile(
            "(?:(?:.*/)?(?<prefix>[^/]+)/)?(?<run>\\d{8}T\\d{4}Z)/(?<valid>\\d{8}T\\d{4}Z)-PT(?<hours>\\d{2,4})H(?<minutes>\\d{2})M"
                    + "-(?<parameter>[^/]+)\\.nc$");
    private static final Pattern STAMP_PATTERN = Pattern.compile("\\d{8}T\\d{4}Z");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'");
    private static final DateTimeFormatter STAMP_UTC = STAMP.withZone(ZoneOffset.UTC);

    /** The folder of the newer deterministic bucket's keys. */
    public static final String UK_DETERMINISTIC_FOLDER = "uk-deterministic-2km/";

    /**
     * Parameters whose CF variable is known from real Met Office files (and the simulator, which follows
     * them). Anything else is left to the header.
     */
    private static final Map<String, String> VARIABLES = Map.of(
            "temperature_at_screen_level", "air_temperature",
            "temperature_at_screen_level_max-PT01H", "air_temperature",
            "temperature_on_pressure_levels", "air_temperature",
            "wind_speed_at_10m", "wind_speed",
            "wind_speed_on_height_levels", "wind_speed",
            "relative_humidity_at_screen_level", "relative_humidity",
            "rainfall_rate", "rainfall_rate",
            "pressure_at_mean_sea_level", "air_pressure_at_sea_level");

    /** The key's metadata, or empty when the key is not in the newer buckets' form. */
    public static Optional<MetOfficeKey> parse(String key) {
        if (key == null) {
            return Optional.empty();
        }
        Matcher m = KEY.matcher(key);
        if (!m.matches()) {
            return Optional.empty();
        }
        Instant run = stamp(m.group("run"));
        Instant valid = stamp(m.group("valid"));
        if (run == null || valid == null) {
            return Optional.empty();
        }
        String prefix = m.group("prefix");
        String model = prefix == null ? null : ModelNames.fromKey(null, prefix + "/");
        long period = Long.parseLong(m.group("hours")) * 3600 + Long.parseLong(m.group("minutes")) * 60;
        String parameter = m.group("parameter");
        return Optional.of(new MetOfficeKey(model, run, valid, period, parameter, variableFor(parameter)));
    }

    /**
     * A key in the newer buckets' form: {@code folder + RUN/VALID-PTxxxxHyyM-name.nc}, e.g.
     * {@code uk-deterministic-2km/20250614T0000Z/20250614T0100Z-PT0001H00M-temperature_at_screen_level.nc}.
     *
     * @param folder a prefix ending in {@code /}, or empty
     */
    public static String path(String folder, Instant run, long forecastPeriodSeconds, String name) {
        long minutes = forecastPeriodSeconds / 60;
        return folder + STAMP_UTC.format(run) + "/" + STAMP_UTC.format(run.plusSeconds(forecastPeriodSeconds))
                + String.format("-PT%04dH%02dM-", minutes / 60, minutes % 60) + name + ".nc";
    }

    /** The CF variable a file of this Met Office parameter holds, or null when not known. */
    public static String variableFor(String parameter) {
        return parameter == null ? null : VARIABLES.get(parameter);
    }

    /**
     * The run a folder named {@code YYYYMMDDTHHMMZ} stands for, or empty for any other name: the newer buckets
     * keep each run's files in such a folder, and none of them is valid before the run.
     */
    public static Optional<Instant> runFolder(String folderName) {
        if (folderName == null || !STAMP_PATTERN.matcher(folderName).matches()) {
            return Optional.empty();
        }
        return Optional.ofNullable(stamp(folderName));
    }

    private static Instant stamp(String value) {
        try {
            return LocalDateTime.parse(value, STAMP).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null; // e.g. month 13: not a stamp after all
        }
    }
}

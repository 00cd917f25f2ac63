package io.isobar.model;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an object key of the Met Office's 2026 buckets says about the file, without reading it. Every product names its
 * files {@code VALID-PT{HHHH}H{MM}M-{parameter}.nc} (VALID as {@code yyyyMMddTHHmmZ}, then the step), or, for the
 * blended forecasts, IMPROVER's {@code VALID-B{BLEND}-{parameter}.nc}; the run is the folder the file is in,
 * {@code RUN/} (deterministic), {@code yyyy/MM/dd/THHmmZ/} (ensembles, blends) or, for a blend, the {@code B} stamp.
 * The retired buckets' {@code <sha1>.nc} keys say nothing, and neither do other names: {@link #parse} is then empty and
 * only the file's header can tell. {@link MetOfficeProduct.KeyLayout} names the layouts; {@link #path} writes them.
 *
 * <p>The {@code parameter} is the Met Office's name for the product, not the CF variable inside the file
 * ({@code temperature_at_screen_level} holds {@code air_temperature}); {@link #variable} maps it where the
 * mapping is known from real files, and is null otherwise, so that nothing is ever ruled out on a guess.
 *
 * @param model the canonical model named by the key's folder or the bucket, or null
 * @param forecastReferenceTime the run (a blend's blend time), from the run folder or the {@code B} stamp
 * @param time the validity time, from the file name
 * @param forecastPeriod seconds from the run to the validity time
 * @param parameter the Met Office parameter name, e.g. {@code temperature_at_screen_level}
 * @param variable the CF variable name the file holds, or null when the parameter is not one we know
 */
public record MetOfficeKey(String model, Instant forecastReferenceTime, Instant time, long forecastPeriod, String parameter,
                           String variable) {

    private static final String STAMP_REGEX = "\\d{8}T\\d{4}Z";
    /** {@code [...][prefix/]RUN/VALID-PTxxxxHyyM-parameter.nc}: the deterministic products. */
    private static final Pattern RUN_FOLDER = Pattern.compile(
            "(?:(?:.*/)?(?<prefix>[^/]+)/)?(?<run>" + STAMP_REGEX + ")/(?<valid>" + STAMP_REGEX + ")"
                    + "-PT(?<hours>\\d{2,4})H(?<minutes>\\d{2})M-(?<parameter>[^/]+)\\.nc$");
    /** {@code [...][prefix/]yyyy/MM/dd/THHmmZ/VALID-PTxxxxHyyM-parameter.nc}: the ensembles. */
    private static final Pattern DATED_RUN_FOLDER = Pattern.compile(
            "(?:(?:.*/)?(?<prefix>[^/]+)/)?(?<year>\\d{4})/(?<month>\\d{2})/(?<day>\\d{2})/T(?<hhmm>\\d{4})Z/(?<valid>"
                    + STAMP_REGEX + ")-PT(?<hours>\\d{2,4})H(?<minutes>\\d{2})M-(?<parameter>[^/]+)\\.nc$");
    /** {@code [...]/VALID-B{BLEND}-parameter.nc}: IMPROVER's blends, in any folder. */
    private static final Pattern BLEND = Pattern.compile(
            "(?:(?<folders>.*)/)?(?<valid>" + STAMP_REGEX + ")-B(?<blend>" + STAMP_REGEX + ")-(?<parameter>[^/]+)\\.nc$");
    private static final Pattern STAMP_PATTERN = Pattern.compile(STAMP_REGEX);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'");
    private static final DateTimeFormatter STAMP_UTC = STAMP.withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATED_FOLDER = DateTimeFormatter.ofPattern("yyyy/MM/dd/'T'HHmm'Z'/")
            .withZone(ZoneOffset.UTC);

    /** The folder of the UKV's keys in the atmospheric bucket. */
    public static final String UK_DETERMINISTIC_FOLDER = "uk-deterministic-2km/";

    /**
     * Parameters whose CF variable is known from real Met Office files (and from their published parameter tables);
     * names as they are since the 21 January 2026 upgrade. Anything else is left to the header.
     */
    private static final Map<String, String> VARIABLES = variables();

    private static Map<String, String> variables() {
        Map<String, String> v = new HashMap<>();
        put(v, "air_temperature", "temperature_at_screen_level", "temperature_on_pressure_levels", "temperature_on_height_levels");
        for (String window : List.of("PT01H", "PT03H", "PT06H", "PT12H")) {
            put(v, "air_temperature", "temperature_at_screen_level_max-" + window, "temperature_at_screen_level_min-" + window);
            put(v, "wind_speed_of_gust", "wind_gust_at_10m_max-" + window);
            put(v, "lwe_thickness_of_precipitation_amount", "precipitation_accumulation-" + window);
            put(v, "thickness_of_rainfall_amount", "rainfall_accumulation-" + window);
        }
        put(v, "wind_speed", "wind_speed_at_10m", "wind_speed_on_height_levels", "wind_speed_on_pressure_levels");
        put(v, "wind_from_direction", "wind_direction_at_10m", "wind_direction_on_height_levels",
                "wind_direction_on_pressure_levels");
        put(v, "wind_speed_of_gust", "wind_gust_at_10m");
        put(v, "relative_humidity", "relative_humidity_at_screen_level", "relative_humidity_on_pressure_levels");
        put(v, "rainfall_rate", "rainfall_rate");
        put(v, "lwe_precipitation_rate", "precipitation_rate");
        put(v, "air_pressure_at_sea_level", "pressure_at_mean_sea_level");
        put(v, "surface_air_pressure", "pressure_at_surface");
        put(v, "dew_point_temperature", "temperature_of_dew_point_at_screen_level");
        put(v, "surface_temperature", "temperature_at_surface");
        put(v, "visibility_in_air", "visibility_at_screen_level");
        put(v, "cloud_area_fraction", "cloud_amount_of_total_cloud");
        put(v, "geopotential_height", "geopotential_height_on_pressure_levels");
        return Map.copyOf(v);
    }

    private static void put(Map<String, String> into, String variable, String... parameters) {
        for (String p : parameters) {
            into.put(p, variable);
        }
    }

    /** The key's metadata, or empty when the key is not in one of the 2026 buckets' forms. */
    public static Optional<MetOfficeKey> parse(String key) {
        return parse(null, key);
    }

    /**
     * The metadata of {@code key} in {@code bucket} (null when unknown: the key's folder then names the model alone),
     * or empty when the key is not in one of the 2026 buckets' forms.
     */
    public static Optional<MetOfficeKey> parse(String bucket, String key) {
        if (key == null) {
            return Optional.empty();
        }
        Matcher m = BLEND.matcher(key);
        if (m.matches()) {
            Instant blend = stamp(m.group("blend"));
            Instant valid = stamp(m.group("valid"));
            if (blend == null || valid == null) {
                return Optional.empty();
            }
            // The bucket names the blend; elsewhere (a local bucket, a mirror) a folder named for the product may.
            MetOfficeProduct product = MetOfficeProducts.forBucket(bucket)
                    .or(() -> MetOfficeProducts.byName(ModelNames.fromKey(null, key)))
                    .orElse(null);
            String parameter = m.group("parameter");
            // A probability file holds probability_of_<variable>_above_threshold: the parameter alone cannot say which.
            String variable = product != null && product.kind() == MetOfficeProduct.Kind.PERCENTILES ? variableFor(parameter) : null;
            return Optional.of(new MetOfficeKey(product == null ? null : product.name(), blend, valid,
                    valid.getEpochSecond() - blend.getEpochSecond(), parameter, variable));
        }
        Instant run;
        m = RUN_FOLDER.matcher(key);
        if (m.matches()) {
            run = stamp(m.group("run"));
        } else {
            m = DATED_RUN_FOLDER.matcher(key);
            if (!m.matches()) {
                return Optional.empty();
            }
            run = stamp(m.group("year") + m.group("month") + m.group("day") + "T" + m.group("hhmm") + "Z");
        }
        Instant valid = stamp(m.group("valid"));
        if (run == null || valid == null) {
            return Optional.empty();
        }
        String prefix = m.group("prefix");
        String model = ModelNames.fromKey(bucket, prefix == null ? null : prefix + "/");
        long period = Long.parseLong(m.group("hours")) * 3600 + Long.parseLong(m.group("minutes")) * 60;
        String parameter = m.group("parameter");
        return Optional.of(new MetOfficeKey(model, run, valid, period, parameter, variableFor(parameter)));
    }

    /**
     * A key in the deterministic bucket's form: {@code folder + RUN/VALID-PTxxxxHyyM-name.nc}, e.g.
     * {@code uk-deterministic-2km/20250614T0000Z/20250614T0100Z-PT0001H00M-temperature_at_screen_level.nc}.
     *
     * @param folder a prefix ending in {@code /}, or empty
     */
    public static String path(String folder, Instant run, long forecastPeriodSeconds, String name) {
        return folder + STAMP_UTC.format(run) + "/" + fileName(run, forecastPeriodSeconds, name);
    }

    /**
     * The key {@code product} gives the file of {@code parameter} at {@code run} + {@code forecastPeriodSeconds}, in its
     * {@link MetOfficeProduct.KeyLayout} (not for the retired {@code SHA1} layout, whose names are content hashes).
     */
    public static String path(MetOfficeProduct product, Instant run, long forecastPeriodSeconds, String parameter) {
        Instant valid = run.plusSeconds(forecastPeriodSeconds);
        return switch (product.keys()) {
            case RUN_FOLDER -> path(product.prefix(), run, forecastPeriodSeconds, parameter);
            case DATED_RUN_FOLDER -> product.prefix() + DATED_FOLDER.format(run) + fileName(run, forecastPeriodSeconds, parameter);
            case BLEND_FOLDER -> product.prefix() + DATED_FOLDER.format(run) + STAMP_UTC.format(valid) + "-B"
                    + STAMP_UTC.format(run) + "-" + parameter + ".nc";
            case SHA1 -> throw new IllegalArgumentException(product.name() + ": SHA1 keys are content hashes, not paths");
        };
    }

    /**
     * As {@link #path(MetOfficeProduct, Instant, long, String)}, for an object stored in {@code bucket}: in a bucket not
     * the product's own, a product whose keys have no folder of their own (the blends, one to a bucket) gets its name as
     * the folder, so that two products' files never share a key there and the key still names the product.
     */
    public static String path(MetOfficeProduct product, String bucket, Instant run, long forecastPeriodSeconds, String parameter) {
        String key = path(product, run, forecastPeriodSeconds, parameter);
        return product.prefix().isEmpty() && !product.bucket().equals(bucket) ? product.name() + "/" + key : key;
    }

    private static String fileName(Instant run, long forecastPeriodSeconds, String name) {
        long minutes = forecastPeriodSeconds / 60;
        return STAMP_UTC.format(run.plusSeconds(forecastPeriodSeconds))
                + String.format("-PT%04dH%02dM-", minutes / 60, minutes % 60) + name + ".nc";
    }

    /** The CF variable a file of this Met Office parameter holds, or null when not known. */
    public static String variableFor(String parameter) {
        return parameter == null ? null : VARIABLES.get(parameter);
    }

    /**
     * The run a folder named {@code YYYYMMDDTHHMMZ} stands for, or empty for any other name: the deterministic
     * products keep each run's files in such a folder, and none of them is valid before the run.
     */
    public static Optional<Instant> runFolder(String folderName) {
        if (folderName == null || !STAMP_PATTERN.matcher(folderName).matches()) {
            return Optional.empty();
        }
        return Optional.ofNullable(stamp(folderName));
    }

    /** A dated run folder's path: {@code .../yyyy/MM/dd/THHmmZ}, with or without the trailing slash. */
    private static final Pattern DATED_FOLDER_PATH = Pattern.compile("(?:.*/)?(\\d{4})/(\\d{2})/(\\d{2})/T(\\d{4})Z/?$");

    /**
     * The run a folder stands for, from its path: a deterministic product's {@code .../YYYYMMDDTHHMMZ} or a dated
     * {@code .../yyyy/MM/dd/THHmmZ} (the ensembles', the blends'); empty for any other folder. None of a run's files is
     * valid before the run, so a listing may skip the folders of runs after its window.
     */
    public static Optional<Instant> runOfFolder(String path) {
        if (path == null) {
            return Optional.empty();
        }
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        Optional<Instant> stamped = runFolder(trimmed.substring(trimmed.lastIndexOf('/') + 1));
        if (stamped.isPresent()) {
            return stamped;
        }
        Matcher m = DATED_FOLDER_PATH.matcher(path);
        return m.matches() ? Optional.ofNullable(stamp(m.group(1) + m.group(2) + m.group(3) + "T" + m.group(4) + "Z"))
                : Optional.empty();
    }

    private static Instant stamp(String value) {
        try {
            return LocalDateTime.parse(value, STAMP).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null; // e.g. month 13: not a stamp after all
        }
    }
}

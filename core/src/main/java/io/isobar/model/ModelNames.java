package io.isobar.model;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The canonical model names ({@code ukv}, {@code mogreps-uk}, {@code global}, {@code mogreps-g}) and the
 * mapping to them from every other name the Met Office uses for a model: the {@code mosg__model_configuration}
 * global attribute of its files ({@code uk_det}), the {@code model} field of its notifications
 * ({@code mo-atmospheric-mogreps-uk-prd}), bucket names and the first segment of object keys in the newer
 * buckets ({@code uk-deterministic-2km}).
 */
public final class ModelNames {

    public static final String UKV = "ukv";
    public static final String MOGREPS_UK = "mogreps-uk";
    public static final String GLOBAL = "global";
    public static final String MOGREPS_G = "mogreps-g";

    /** Every canonical name, deterministic models first. */
    public static final List<String> ALL = List.of(UKV, MOGREPS_UK, GLOBAL, MOGREPS_G);

    private static final Map<String, String> CONFIGURATIONS = Map.of(
            "uk_det", UKV,
            "uk_ens", MOGREPS_UK,
            "gl_det", GLOBAL,
            "gl_ens", MOGREPS_G);

    private static final Map<String, String> ALIASES = Map.of(
            "mogreps-uk", MOGREPS_UK,
            "mogreps_uk", MOGREPS_UK,
            "ukv", UKV,
            "global", GLOBAL,
            "mogreps-g", MOGREPS_G,
            "mogreps_g", MOGREPS_G,
            "uk-deterministic", UKV,
            "uk-ensemble", MOGREPS_UK,
            "global-deterministic", GLOBAL,
            "global-ensemble", MOGREPS_G);

    private ModelNames() {}

    /**
     * The canonical name for a file's {@code mosg__model_configuration} ({@code uk_det} -> {@code ukv},
     * {@code uk_ens} -> {@code mogreps-uk}, {@code gl_det} -> {@code global}, {@code gl_ens} -> {@code mogreps-g}),
     * or null when it is null or not one of these.
     */
    public static String fromModelConfiguration(String mosgModelConfiguration) {
        if (mosgModelConfiguration == null) {
            return null;
        }
        return CONFIGURATIONS.get(mosgModelConfiguration.trim().toLowerCase(Locale.ROOT));
    }

    /**
     * The canonical name for any name of a model: canonical names (any case), model configurations
     * ({@code uk_ens}), notification names ({@code mo-atmospheric-ukv-prd}), bucket names
     * ({@code aws-earth-mo-atmospheric-global-prd}) and key prefixes ({@code uk-deterministic-2km}).
     * A name it does not recognise comes back trimmed and lower-cased, so that nothing is lost; null stays null.
     */
    public static String normalise(String anyName) {
        if (anyName == null) {
            return null;
        }
        String known = known(anyName);
        return known != null ? known : anyName.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * The model an object belongs to, judged from where it is stored: the first segment of its key
     * ({@code uk-deterministic-2km/...}) or else the bucket name ({@code aws-earth-mo-atmospheric-ukv-prd});
     * null when neither names a known model (the older buckets' keys are bare hashes, so then the bucket decides).
     */
    public static String fromKey(String bucket, String key) {
        if (key != null) {
            int slash = key.indexOf('/');
            if (slash > 0) {
                String fromPrefix = known(key.substring(0, slash));
                if (fromPrefix != null) {
                    return fromPrefix;
                }
            }
        }
        return bucket == null ? null : known(bucket);
    }

    /** The canonical name, or null when the name is not recognised. */
    private static String known(String anyName) {
        String name = anyName.trim().toLowerCase(Locale.ROOT);
        String configuration = CONFIGURATIONS.get(name);
        if (configuration != null) {
            return configuration;
        }
        // Notification and bucket names wrap the model: [aws-earth-]mo-atmospheric-<model>-prd
        if (name.startsWith("aws-earth-")) {
            name = name.substring("aws-earth-".length());
        }
        if (name.startsWith("mo-atmospheric-")) {
            name = name.substring("mo-atmospheric-".length());
        }
        for (String suffix : List.of("-prd", "-dev", "-test")) {
            if (name.endsWith(suffix)) {
                name = name.substring(0, name.length() - suffix.length());
                break;
            }
        }
        String alias = ALIASES.get(name);
        if (alias != null) {
            return alias;
        }
        // Newer buckets' key prefixes carry the resolution: uk-deterministic-2km, global-deterministic-10km.
        int lastDash = name.lastIndexOf('-');
        if (lastDash > 0 && name.substring(lastDash + 1).matches("\\d+km")) {
            return ALIASES.get(name.substring(0, lastDash));
        }
        return null;
    }
}

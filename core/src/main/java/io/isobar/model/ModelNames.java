package io.isobar.model;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The canonical model names, one per product of the feed ({@code ukv}, {@code mogreps-uk}, {@code global},
 * {@code mogreps-g} and the eight blended probabilistic forecasts {@code bpf-uk-percentiles} ...
 * {@code bpf-global-spot-probabilities}; the table of what each is: {@link MetOfficeProducts}), and the mapping to them
 * from every other name the Met Office uses for a model: the {@code mosg__model_configuration} global attribute of its
 * files ({@code uk_det}), the {@code model} field of its retired notifications ({@code mo-atmospheric-mogreps-uk-prd}),
 * today's and the retired bucket names ({@code met-office-uk-spot-percentiles}, {@code aws-earth-mo-atmospheric-ukv-prd}),
 * topics ({@code <bucket>-object_created}) and the first segment of object keys ({@code uk-deterministic-2km}).
 */
public final class ModelNames {

    public static final String UKV = "ukv";
    public static final String MOGREPS_UK = "mogreps-uk";
    public static final String GLOBAL = "global";
    public static final String MOGREPS_G = "mogreps-g";
    public static final String BPF_UK_PERCENTILES = "bpf-uk-percentiles";
    public static final String BPF_UK_PROBABILITIES = "bpf-uk-probabilities";
    public static final String BPF_UK_SPOT_PERCENTILES = "bpf-uk-spot-percentiles";
    public static final String BPF_UK_SPOT_PROBABILITIES = "bpf-uk-spot-probabilities";
    public static final String BPF_GLOBAL_PERCENTILES = "bpf-global-percentiles";
    public static final String BPF_GLOBAL_PROBABILITIES = "bpf-global-probabilities";
    public static final String BPF_GLOBAL_SPOT_PERCENTILES = "bpf-global-spot-percentiles";
    public static final String BPF_GLOBAL_SPOT_PROBABILITIES = "bpf-global-spot-probabilities";

    /** Every canonical name: the models (finest grid first), then the blends (UK first, gridded first). */
    public static final List<String> ALL = List.of(UKV, MOGREPS_UK, GLOBAL, MOGREPS_G, BPF_UK_PERCENTILES, BPF_UK_PROBABILITIES,
            BPF_UK_SPOT_PERCENTILES, BPF_UK_SPOT_PROBABILITIES, BPF_GLOBAL_PERCENTILES, BPF_GLOBAL_PROBABILITIES,
            BPF_GLOBAL_SPOT_PERCENTILES, BPF_GLOBAL_SPOT_PROBABILITIES);

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
     * ({@code uk-deterministic-2km/...}) or else the bucket name ({@code met-office-uk-spot-percentiles},
     * {@code aws-earth-mo-atmospheric-ukv-prd}); null when neither names a known model (the retired buckets' keys are
     * bare hashes, so then the bucket decides).
     */
    public static String fromKey(String bucket, String key) {
        Optional<MetOfficeProduct> product = MetOfficeProducts.forObject(bucket, key);
        if (product.isPresent()) {
            return product.get().name();
        }
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
        if (ALL.contains(name)) {
            return name;
        }
        // Today's buckets (and their -object_created topics) each hold one product, but for the atmospheric one.
        Optional<MetOfficeProduct> inBucket = MetOfficeProducts.forBucket(name);
        if (inBucket.isPresent()) {
            return inBucket.get().name();
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
        if (ALL.contains(name)) {
            return name; // a canonical name wrapped like a retired one: mo-atmospheric-bpf-uk-percentiles-prd
        }
        // Newer buckets' key prefixes carry the resolution: uk-deterministic-2km, global-deterministic-10km.
        int lastDash = name.lastIndexOf('-');
        if (lastDash > 0 && name.substring(lastDash + 1).matches("\\d+km")) {
            return ALIASES.get(name.substring(0, lastDash));
        }
        return null;
    }
}

package io.isobar.simulator;

import java.util.Arrays;
import java.util.Locale;

/**
 * The Met Office models the simulator imitates, with the names the feed and the files use for them and
 * the object-key style of their bucket.
 */
public enum MetOfficeModel {

    /** UKV: UK 2 km deterministic; keys in the newer {@code uk-deterministic-2km/...} style. */
    UKV("ukv", "mo-atmospheric-ukv-prd", "uk_det", "UKV Model Forecast on UK 2 km Standard Grid", "PT54H", "1.5.0",
            false, KeyStyle.DETERMINISTIC_PATH),

    /** MOGREPS-UK: UK 2 km ensemble, several members per file; keys in the older {@code <sha1>.nc} style. */
    MOGREPS_UK("mogreps-uk", "mo-atmospheric-mogreps-uk-prd", "uk_ens",
            "MOGREPS-UK Model Forecast on UK 2 km Standard Grid", "PT126H", "2.2.0", true, KeyStyle.SHA1);

    /** How a model's bucket names its objects. */
    public enum KeyStyle {
        /** {@code uk-deterministic-2km/{RUN}/{VALID}-PT{HHHH}H{MM}M-{parameter}.nc}. */
        DETERMINISTIC_PATH,
        /** {@code <40 hex digits>.nc} in the bucket root. */
        SHA1
    }

    private final String shortName;
    private final String metOfficeId;
    private final String modelConfiguration;
    private final String title;
    private final String runDuration;
    private final String gridVersion;
    private final boolean ensemble;
    private final KeyStyle keyStyle;

    MetOfficeModel(String shortName, String metOfficeId, String modelConfiguration, String title, String runDuration,
                   String gridVersion, boolean ensemble, KeyStyle keyStyle) {
        this.shortName = shortName;
        this.metOfficeId = metOfficeId;
        this.modelConfiguration = modelConfiguration;
        this.title = title;
        this.runDuration = runDuration;
        this.gridVersion = gridVersion;
        this.ensemble = ensemble;
        this.keyStyle = keyStyle;
    }

    /** Short name for command lines and logs: {@code ukv}, {@code mogreps-uk}. */
    public String shortName() {
        return shortName;
    }

    /** The feed's {@code model} field, e.g. {@code mo-atmospheric-ukv-prd}. */
    public String metOfficeId() {
        return metOfficeId;
    }

    /** The files' {@code mosg__model_configuration} attribute: {@code uk_det} or {@code uk_ens}. */
    public String modelConfiguration() {
        return modelConfiguration;
    }

    /** The files' {@code title} attribute. */
    public String title() {
        return title;
    }

    /** The files' {@code mosg__forecast_run_duration} attribute. */
    public String runDuration() {
        return runDuration;
    }

    /** The files' {@code mosg__grid_version} attribute. */
    public String gridVersion() {
        return gridVersion;
    }

    /** True when files carry a {@code realization} dimension. */
    public boolean ensemble() {
        return ensemble;
    }

    public KeyStyle keyStyle() {
        return keyStyle;
    }

    /** The model named by its short name, enum name or Met Office id (case-insensitive). */
    public static MetOfficeModel fromName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(m -> m.shortName.equals(n) || m.metOfficeId.equals(n) || m.name().toLowerCase(Locale.ROOT).equals(n)
                        || m.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(n))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown model '" + name + "'; known: "
                        + Arrays.stream(values()).map(MetOfficeModel::shortName).toList()));
    }
}

package io.isobar.simulator;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.isobar.model.MetOfficeProduct;
import io.isobar.model.MetOfficeProducts;
import io.isobar.model.ModelNames;

/**
 * The products of the Met Office feed the simulator imitates: the four models and the eight IMPROVER blends, each with
 * its facts from core's {@link MetOfficeProducts} table (bucket, key layout, grid, runs) and what its files say about
 * themselves (title, {@code mosg__*} attributes), as the real files and IMPROVER's documentation show them.
 */
public enum MetOfficeModel {

    UKV(ModelNames.UKV, "mo-atmospheric-ukv-prd", "uk_det", "UKV Model Forecast on UK 2 km Standard Grid", "PT54H", "1.7.0",
            "uk_extended"),
    MOGREPS_UK(ModelNames.MOGREPS_UK, "mo-atmospheric-mogreps-uk-prd", "uk_ens",
            "MOGREPS-UK Model Forecast on UK 2 km Standard Grid", "PT126H", "2.4.0", "uk_extended"),
    GLOBAL(ModelNames.GLOBAL, "mo-atmospheric-global-prd", "gl_det", "Global Model Forecast on Global 10 km Standard Grid",
            "PT168H", "1.7.0", "global"),
    MOGREPS_G(ModelNames.MOGREPS_G, "mo-atmospheric-mogreps-g-prd", "gl_ens",
            "MOGREPS-G Model Forecast on Global 20 km Standard Grid", "PT246H", "1.7.0", "global"),
    BPF_UK_PERCENTILES(ModelNames.BPF_UK_PERCENTILES, Blends.UK_BLEND, Blends.UK_GRIDDED),
    BPF_UK_PROBABILITIES(ModelNames.BPF_UK_PROBABILITIES, Blends.UK_BLEND, Blends.UK_GRIDDED),
    BPF_UK_SPOT_PERCENTILES(ModelNames.BPF_UK_SPOT_PERCENTILES, Blends.UK_BLEND, Blends.UK_SPOT),
    BPF_UK_SPOT_PROBABILITIES(ModelNames.BPF_UK_SPOT_PROBABILITIES, Blends.UK_BLEND, Blends.UK_SPOT),
    BPF_GLOBAL_PERCENTILES(ModelNames.BPF_GLOBAL_PERCENTILES, Blends.GLOBAL_BLEND, Blends.GLOBAL_GRIDDED),
    BPF_GLOBAL_PROBABILITIES(ModelNames.BPF_GLOBAL_PROBABILITIES, Blends.GLOBAL_BLEND, Blends.GLOBAL_GRIDDED),
    BPF_GLOBAL_SPOT_PERCENTILES(ModelNames.BPF_GLOBAL_SPOT_PERCENTILES, Blends.GLOBAL_BLEND, Blends.GLOBAL_SPOT),
    BPF_GLOBAL_SPOT_PROBABILITIES(ModelNames.BPF_GLOBAL_SPOT_PROBABILITIES, Blends.GLOBAL_BLEND, Blends.GLOBAL_SPOT);

    /** The models the feed published before the blends: UKV, MOGREPS-UK, global, MOGREPS-G. */
    public static final List<MetOfficeModel> MODELS = List.of(UKV, MOGREPS_UK, GLOBAL, MOGREPS_G);

    /** What the blends say of themselves: every model blended, and IMPROVER's titles (see its metadata documentation). */
    private static final class Blends {
        static final String UK_BLEND = "nc_det uk_det uk_ens gl_ens";
        static final String GLOBAL_BLEND = "gl_det gl_ens";
        static final String UK_GRIDDED = "IMPROVER Post-Processed Multi-Model Blend on UK 2 km Standard Grid";
        static final String UK_SPOT = "IMPROVER Post-Processed Multi-Model Blend UK Spot Values";
        static final String GLOBAL_GRIDDED = "IMPROVER Post-Processed Multi-Model Blend on Global 20 km Standard Grid";
        static final String GLOBAL_SPOT = "IMPROVER Post-Processed Multi-Model Blend Global Spot Values";
    }

    private final MetOfficeProduct product;
    private final String metOfficeId;
    private final String modelConfiguration;
    private final String title;
    private final String runDuration;
    private final String gridVersion;
    private final String gridDomain;

    MetOfficeModel(String name, String metOfficeId, String modelConfiguration, String title, String runDuration,
                   String gridVersion, String gridDomain) {
        this.product = MetOfficeProducts.require(name);
        this.metOfficeId = metOfficeId;
        this.modelConfiguration = modelConfiguration;
        this.title = title;
        this.runDuration = runDuration;
        this.gridVersion = gridVersion;
        this.gridDomain = gridDomain;
    }

    MetOfficeModel(String name, String modelConfiguration, String title) {
        this(name, "mo-" + name, modelConfiguration, title, null, null, null);
    }

    /** The product's facts: bucket, key layout, grid, runs. */
    public MetOfficeProduct product() {
        return product;
    }

    /** Short name for command lines and logs, the canonical model name: {@code ukv}, {@code bpf-uk-spot-percentiles}. */
    public String shortName() {
        return product.name();
    }

    /** The retired feed's {@code model} field, e.g. {@code mo-atmospheric-ukv-prd} (only the retired JSON style uses it). */
    public String metOfficeId() {
        return metOfficeId;
    }

    /** The files' {@code mosg__model_configuration}: {@code uk_det}, or for a blend every model blended. */
    public String modelConfiguration() {
        return modelConfiguration;
    }

    /** The files' {@code title} attribute. */
    public String title() {
        return title;
    }

    /** The files' {@code mosg__forecast_run_duration} attribute (models only), or null. */
    public String runDuration() {
        return runDuration;
    }

    /** The files' {@code mosg__grid_version} attribute (models only), or null. */
    public String gridVersion() {
        return gridVersion;
    }

    /** The files' {@code mosg__grid_domain} (models only), or null. */
    public String gridDomain() {
        return gridDomain;
    }

    /** True when files carry a {@code realization} dimension. */
    public boolean ensemble() {
        return product.kind() == MetOfficeProduct.Kind.ENSEMBLE;
    }

    /** True for an IMPROVER blend: a {@code percentile} or {@code threshold} dimension, and a {@code blend_time}. */
    public boolean blend() {
        return product.blended();
    }

    /** The model of this canonical name, short name, enum name or retired Met Office id (case-insensitive). */
    public static MetOfficeModel fromName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        String canonical = ModelNames.normalise(n);
        return Arrays.stream(values())
                .filter(m -> m.shortName().equals(canonical) || m.metOfficeId.equals(n) || m.name().toLowerCase(Locale.ROOT).equals(n)
                        || m.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(n))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown product '" + name + "'; known: "
                        + Arrays.stream(values()).map(MetOfficeModel::shortName).toList()));
    }
}

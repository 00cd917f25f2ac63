package io.isobar.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.IntStream;

import io.isobar.model.MetOfficeProduct.Cycle;
import io.isobar.model.MetOfficeProduct.Grid;
import io.isobar.model.MetOfficeProduct.KeyLayout;
import io.isobar.model.MetOfficeProduct.Kind;
import io.isobar.model.MetOfficeProduct.StepRule;
import io.isobar.netcdf.GridKind;

/**
 * The Met Office's 2026 open data feed, product by product: the one table of what each product is, where it is
 * stored, how its keys look, its grid, what a file holds and how often it runs. Key parsing ({@link MetOfficeKey}),
 * model names ({@link ModelNames}), the simulator and the benchmarks all read it. Every fact and its source (and what
 * is an assumption because the Met Office does not publish it) is in {@code docs/met-office-feed.md}; to follow a
 * change in the feed, change the row here and the line there.
 */
public final class MetOfficeProducts {

    /** The UK 2 km Lambert azimuthal equal-area grid (UKV, MOGREPS-UK, the UK blends), on the GRS80 ellipsoid. */
    public static final Grid UK_2KM = new Grid("uk-2km", GridKind.PROJECTED, 970, 1042, -1_158_000, -1_036_000, 2000, 2000, 0,
            "ellipsoid a=6378137 b=6356752.31414036 (GRS80)");
    /** The global N1280 grid (global deterministic): cell centres, poles not on it. */
    public static final Grid GLOBAL_10KM = new Grid("global-10km", GridKind.LATITUDE_LONGITUDE, 1920, 2560, -179.9296875,
            -89.953125, 0.140625, 0.09375, 0, "sphere r=6371229");
    /** The global N640 grid (MOGREPS-G, the global blends). */
    public static final Grid GLOBAL_20KM = new Grid("global-20km", GridKind.LATITUDE_LONGITUDE, 960, 1280, -179.859375,
            -89.90625, 0.28125, 0.1875, 0, "sphere r=6371229");
    /** The UK blends' sites. */
    public static final Grid UK_SITES = new Grid("uk-sites", GridKind.SPOT, 0, 0, 0, 0, 0, 0, 7213, "WGS84");
    /** The global blends' sites (outside the UK domain). */
    public static final Grid GLOBAL_SITES = new Grid("global-sites", GridKind.SPOT, 0, 0, 0, 0, 0, 0, 5956, "WGS84");

    /** The percentiles of a gridded blend (IMPROVER's documented example; the open data's own list is unpublished). */
    public static final List<Double> GRIDDED_PERCENTILES = List.of(5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0,
            85.0, 90.0, 95.0);
    /** The percentiles of a spot blend (IMPROVER's documented example). */
    public static final List<Double> SPOT_PERCENTILES = IntStream.rangeClosed(1, 19).mapToObj(i -> i * 5.0).toList();

    private static final Duration TWO_YEARS = Duration.ofDays(730);
    private static final Duration THIRTY_DAYS = Duration.ofDays(30);

    /** Blends to T+120 hourly, then 3-hourly to the product's lead time. */
    private static List<StepRule> blendSteps(int lead) {
        return List.of(new StepRule(0, 120, 1), new StepRule(123, lead, 3));
    }

    /** The runs at the given hours, each to {@code lead} hours with {@code files} objects. */
    private static List<Cycle> at(int lead, int files, int... hours) {
        return IntStream.of(hours).mapToObj(h -> new Cycle(h, lead, files)).toList();
    }

    private static final int[] HOURLY = IntStream.range(0, 24).toArray();
    private static final int[] SIX_HOURLY = {0, 6, 12, 18};

    private static List<Cycle> ukvCycles() {
        List<Cycle> cycles = new ArrayList<>();
        for (int h = 0; h < 24; h++) {
            if (h == 3 || h == 15) {
                cycles.add(new Cycle(h, 120, 4732));
            } else if (h % 3 == 0) {
                cycles.add(new Cycle(h, 54, 3500));
            } else {
                cycles.add(new Cycle(h, 12, 812));
            }
        }
        return cycles;
    }

    private static List<Cycle> globalCycles() {
        List<Cycle> cycles = new ArrayList<>(at(168, 4488, 0, 12));
        cycles.addAll(at(69, 2961, 6, 18));
        return cycles;
    }

    private static final List<MetOfficeProduct> ALL = List.of(
            new MetOfficeProduct(ModelNames.UKV, "UKV 2 km deterministic", "met-office-atmospheric-model-data",
                    "uk-deterministic-2km/", KeyLayout.RUN_FOLDER, UK_2KM, Kind.DETERMINISTIC, 0, List.of(), ukvCycles(),
                    List.of(new StepRule(0, 54, 1), new StepRule(57, 120, 3)), TWO_YEARS),
            new MetOfficeProduct(ModelNames.MOGREPS_UK, "MOGREPS-UK 2 km ensemble, 3 members a run", "met-office-uk-ensemble-model-data",
                    "uk-ensemble/", KeyLayout.DATED_RUN_FOLDER, UK_2KM, Kind.ENSEMBLE, 3, List.of(), at(126, 14_330, HOURLY),
                    List.of(new StepRule(0, 126, 1)), THIRTY_DAYS),
            new MetOfficeProduct(ModelNames.GLOBAL, "Global 10 km deterministic", "met-office-atmospheric-model-data",
                    "global-deterministic-10km/", KeyLayout.RUN_FOLDER, GLOBAL_10KM, Kind.DETERMINISTIC, 0, List.of(),
                    globalCycles(), List.of(new StepRule(0, 54, 1), new StepRule(57, 144, 3), new StepRule(150, 168, 6)),
                    TWO_YEARS),
            new MetOfficeProduct(ModelNames.MOGREPS_G, "MOGREPS-G 20 km ensemble, 18 members a run",
                    "met-office-global-ensemble-model-data", "global-ensemble/", KeyLayout.DATED_RUN_FOLDER, GLOBAL_20KM,
                    Kind.ENSEMBLE, 18, List.of(), at(246, 14_020, SIX_HOURLY),
                    List.of(new StepRule(0, 54, 1), new StepRule(57, 246, 3)), THIRTY_DAYS),
            blend(ModelNames.BPF_UK_PERCENTILES, "UK gridded percentiles", "met-office-uk-gridded-percentiles", UK_2KM,
                    Kind.PERCENTILES, GRIDDED_PERCENTILES, at(186, 44 * 143, SIX_HOURLY), 186),
            blend(ModelNames.BPF_UK_PROBABILITIES, "UK gridded probabilities", "met-office-uk-gridded-probabilities", UK_2KM,
                    Kind.PROBABILITIES, List.of(), at(186, 44 * 143, HOURLY), 186),
            blend(ModelNames.BPF_UK_SPOT_PERCENTILES, "UK spot percentiles", "met-office-uk-spot-percentiles", UK_SITES,
                    Kind.PERCENTILES, SPOT_PERCENTILES, at(186, 61 * 143, HOURLY), 186),
            blend(ModelNames.BPF_UK_SPOT_PROBABILITIES, "UK spot probabilities", "met-office-uk-spot-probabilities", UK_SITES,
                    Kind.PROBABILITIES, List.of(), at(186, 61 * 143, HOURLY), 186),
            blend(ModelNames.BPF_GLOBAL_PERCENTILES, "global gridded percentiles", "met-office-global-gridded-percentiles",
                    GLOBAL_20KM, Kind.PERCENTILES, GRIDDED_PERCENTILES, at(192, 38 * 145, SIX_HOURLY), 192),
            blend(ModelNames.BPF_GLOBAL_PROBABILITIES, "global gridded probabilities", "met-office-global-gridded-probabilities",
                    GLOBAL_20KM, Kind.PROBABILITIES, List.of(), at(192, 31 * 145, SIX_HOURLY), 192),
            blend(ModelNames.BPF_GLOBAL_SPOT_PERCENTILES, "global spot percentiles", "met-office-global-spot-percentiles",
                    GLOBAL_SITES, Kind.PERCENTILES, SPOT_PERCENTILES, at(192, 68 * 145, SIX_HOURLY), 192),
            blend(ModelNames.BPF_GLOBAL_SPOT_PROBABILITIES, "global spot probabilities", "met-office-global-spot-probabilities",
                    GLOBAL_SITES, Kind.PROBABILITIES, List.of(), at(192, 33 * 145, SIX_HOURLY), 192));

    private static MetOfficeProduct blend(String name, String what, String bucket, Grid grid, Kind kind,
            List<Double> percentiles, List<Cycle> cycles, int lead) {
        return new MetOfficeProduct(name, "Blended probabilistic forecast (IMPROVER), " + what, bucket, "",
                KeyLayout.BLEND_FOLDER, grid, kind, 0, percentiles, cycles, blendSteps(lead), THIRTY_DAYS);
    }

    private MetOfficeProducts() {}

    /** Every product, in {@link ModelNames#ALL} order. */
    public static List<MetOfficeProduct> all() {
        return ALL;
    }

    /** The product with this canonical name (or any name {@link ModelNames#normalise} knows), or empty. */
    public static Optional<MetOfficeProduct> byName(String name) {
        String canonical = ModelNames.normalise(name);
        return ALL.stream().filter(p -> p.name().equals(canonical)).findFirst();
    }

    /** As {@link #byName}, failing with the list of products. */
    public static MetOfficeProduct require(String name) {
        return byName(name).orElseThrow(() -> new IllegalArgumentException("Unknown product '" + name + "'; known: "
                + ALL.stream().map(MetOfficeProduct::name).toList()));
    }

    /**
     * The product an object belongs to, judged from where it is stored: the first segment of its key when it is a
     * product's folder ({@code uk-deterministic-2km/...}, in any bucket: mirrors keep the folders), else the bucket;
     * empty when neither names a product.
     */
    public static Optional<MetOfficeProduct> forObject(String bucket, String key) {
        if (key != null) {
            int slash = key.indexOf('/');
            String first = slash > 0 ? key.substring(0, slash + 1) : null;
            for (MetOfficeProduct p : ALL) {
                if (!p.prefix().isEmpty() && p.prefix().equals(first)) {
                    return Optional.of(p);
                }
            }
        }
        return forBucket(bucket);
    }

    /**
     * The product a bucket holds on its own (today's name, or the registry's {@code met-office-bpf-...} dataset name),
     * or empty: for the atmospheric bucket, which holds two, the key's folder decides ({@link #forObject}).
     */
    public static Optional<MetOfficeProduct> forBucket(String bucket) {
        if (bucket == null) {
            return Optional.empty();
        }
        String b = bucket.trim().toLowerCase(Locale.ROOT);
        if (b.startsWith("met-office-bpf-")) {
            // The registry's dataset ids (met-office-bpf-uk-gridded-percentiles) name the bucket without "bpf-".
            b = "met-office-" + b.substring("met-office-bpf-".length());
        }
        if (b.endsWith("-object_created")) {
            b = b.substring(0, b.length() - "-object_created".length());
        }
        String name = b;
        List<MetOfficeProduct> in = ALL.stream().filter(p -> p.bucket().equals(name)).toList();
        return in.size() == 1 ? Optional.of(in.get(0)) : Optional.empty();
    }

    /**
     * The blended product a file is, from what its header says: the domain (UK or global), whether it holds sites,
     * and whether it holds percentiles or probabilities; empty when it is neither (the spot buckets also hold
     * deterministic weather symbols: then the bucket decides).
     */
    public static Optional<MetOfficeProduct> blend(boolean uk, boolean spot, Kind kind) {
        if (kind != Kind.PERCENTILES && kind != Kind.PROBABILITIES) {
            return Optional.empty();
        }
        return ALL.stream().filter(p -> p.kind() == kind && p.spot() == spot
                && (p.grid() == UK_2KM || p.grid() == UK_SITES) == uk).findFirst();
    }
}

package io.isobar.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.isobar.netcdf.GridKind;

/**
 * One product of the Met Office's open data feed as Isobar knows it: its canonical name (its model, its EDR
 * collection), where its objects are stored and announced, how their keys are laid out, the grid or sites its files
 * cover, what each file holds (one field, ensemble members, percentiles or probabilities) and how often it runs.
 * {@link MetOfficeProducts} holds the table of them; {@code docs/met-office-feed.md} says where each fact comes from.
 *
 * @param name the canonical name ({@link ModelNames}), e.g. {@code ukv}, {@code bpf-uk-spot-percentiles}
 * @param title a short description for people
 * @param bucket today's bucket (eu-west-2)
 * @param prefix the folder of the product's keys in its bucket, ending in {@code /}, or empty
 * @param keys how its object keys are laid out
 * @param grid the grid (or the sites) its files cover
 * @param kind what one file holds
 * @param members ensemble members per file (0 unless {@code kind} is {@link Kind#ENSEMBLE})
 * @param percentiles the percentiles a file holds (empty unless {@code kind} is {@link Kind#PERCENTILES})
 * @param cycles the runs of a day, each with its length and number of files
 * @param steps the forecast steps a run publishes, up to its lead time
 * @param retention how long the Met Office keeps an object
 */
public record MetOfficeProduct(
        String name,
        String title,
        String bucket,
        String prefix,
        KeyLayout keys,
        Grid grid,
        Kind kind,
        int members,
        List<Double> percentiles,
        List<Cycle> cycles,
        List<StepRule> steps,
        Duration retention) {

    /** The AWS account that owns the open data feed's {@code -object_created} topics. */
    public static final String FEED_ACCOUNT = "633885181284";
    /** The region of the open data buckets and topics. */
    public static final String FEED_REGION = "eu-west-2";

    public MetOfficeProduct {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bucket, "bucket");
        prefix = prefix == null ? "" : prefix;
        percentiles = List.copyOf(percentiles);
        cycles = List.copyOf(cycles);
        steps = List.copyOf(steps);
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            throw new IllegalArgumentException(name + ": a key prefix ends in '/': " + prefix);
        }
        if ((kind == Kind.ENSEMBLE) != (members > 0)) {
            throw new IllegalArgumentException(name + ": members per file go with ensembles only");
        }
        if (cycles.isEmpty() || steps.isEmpty()) {
            throw new IllegalArgumentException(name + ": a product runs at least once a day and has steps");
        }
    }

    /** How a product's object keys are laid out (see {@link MetOfficeKey} for parsing). */
    public enum KeyLayout {
        /** {@code prefix/RUN/VALID-PT{HHHH}H{MM}M-parameter.nc}, RUN and VALID as {@code yyyyMMddTHHmmZ} (deterministic). */
        RUN_FOLDER,
        /** {@code prefix/yyyy/MM/dd/THHmmZ/VALID-PT{HHHH}H{MM}M-parameter.nc} (the ensembles). */
        DATED_RUN_FOLDER,
        /**
         * {@code prefix/yyyy/MM/dd/THHmmZ/VALID-B{BLEND}-parameter.nc}: IMPROVER's file name ({@code B} and the blend
         * time) in a dated folder of the blend; the folder is an assumption (unpublished), the file name is IMPROVER's.
         */
        BLEND_FOLDER,
        /** {@code <sha1>.nc} in the bucket root: the retired {@code aws-earth-mo-*} buckets. */
        SHA1
    }

    /** What one file holds. */
    public enum Kind {
        /** One field (per level) of a deterministic model. */
        DETERMINISTIC,
        /** Several ensemble members: a {@code realization} dimension. */
        ENSEMBLE,
        /** Percentiles of a blended forecast: a {@code percentile} dimension. */
        PERCENTILES,
        /** Probabilities of exceeding (or staying below) thresholds: a {@code threshold} dimension. */
        PROBABILITIES
    }

    /**
     * A product's grid: {@code rows x columns} cells whose centres are {@code firstY + r * stepY},
     * {@code firstX + c * stepX} (metres for a projected grid, degrees for latitude/longitude), or {@code sites} sites.
     *
     * @param name e.g. {@code uk-2km}, {@code global-10km}, {@code uk-sites}
     * @param earth the Earth model: {@code sphere 6371229} or the ellipsoid's axes
     */
    public record Grid(String name, GridKind kind, int rows, int columns, double firstX, double firstY, double stepX,
            double stepY, int sites, String earth) {

        /** How many values one field has: cells, or sites. */
        public long points() {
            return kind == GridKind.SPOT ? sites : (long) rows * columns;
        }
    }

    /**
     * One run of the day.
     *
     * @param hour the run's hour (UTC)
     * @param leadHours its last step, hours after the run
     * @param files how many objects it publishes
     */
    public record Cycle(int hour, int leadHours, int files) {}

    /** Steps every {@code everyHours} from {@code fromHour} to {@code toHour} (inclusive). */
    public record StepRule(int fromHour, int toHour, int everyHours) {}

    /** The topic the product's new objects are announced on (S3 event notifications): {@link #topicArn(String)}. */
    public String topicArn() {
        return topicArn(bucket);
    }

    /** The topic a 2026 bucket announces new objects on: {@code arn:aws:sns:eu-west-2:633885181284:<bucket>-object_created}. */
    public static String topicArn(String bucket) {
        return "arn:aws:sns:" + FEED_REGION + ":" + FEED_ACCOUNT + ":" + bucket + "-object_created";
    }

    /** True for the IMPROVER blended probabilistic forecasts (percentiles and probabilities). */
    public boolean blended() {
        return kind == Kind.PERCENTILES || kind == Kind.PROBABILITIES;
    }

    /** True when the product's files hold sites rather than a grid. */
    public boolean spot() {
        return grid.kind() == GridKind.SPOT;
    }

    /** Runs a day. */
    public int runsPerDay() {
        return cycles.size();
    }

    /** Objects a day, all runs together. */
    public long filesPerDay() {
        return cycles.stream().mapToLong(Cycle::files).sum();
    }

    /** The run of the day at {@code hour} (UTC), or null when the product does not run then. */
    public Cycle cycle(int hour) {
        return cycles.stream().filter(c -> c.hour() == hour).findFirst().orElse(null);
    }

    /** The forecast steps, in hours, of a run that reaches {@code leadHours}. */
    public List<Integer> stepHours(int leadHours) {
        List<Integer> out = new ArrayList<>();
        for (StepRule rule : steps) {
            for (int h = rule.fromHour(); h <= Math.min(rule.toHour(), leadHours); h += rule.everyHours()) {
                if (out.isEmpty() || h > out.get(out.size() - 1)) {
                    out.add(h);
                }
            }
        }
        return List.copyOf(out);
    }

    /** The run hours of the day, in order. */
    public List<Integer> runHours() {
        return cycles.stream().map(Cycle::hour).sorted().toList();
    }
}

package io.isobar.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.isobar.model.MetOfficeProduct;

/**
 * What a {@link Simulator} publishes and how fast: which products and variables, which runs and steps, on which grids,
 * with how many ensemble members, at what rate, with which keys and in which notification style.
 *
 * <p>Two schedules. {@link Schedule#RUNS} (tests, benchmarks): runs {@code firstRun + k * runInterval} for
 * {@code k = 0 .. runCount - 1} ({@code runCount == 0}: endless) of every product at once, with the given steps;
 * within a run files go out step by step (all products and variables of T+0, then T+1, ...); with {@code realTime} a
 * run is not published before the wall clock reaches it. {@link Schedule#FEED} ({@code ./isobar local}): every product
 * on its own real schedule (its run hours, its steps, its number of files, times {@code scale}), each run's files
 * spread from the run time to the product's next run, the way the feed trickles in; the runs under way when it starts
 * are joined where they would be, so it never waits and never stops.
 *
 * @param forecastPeriods the steps of each run; empty for each run's real steps (FEED). Variables with a cell period
 *     (e.g. hourly maximum) skip steps shorter than that period
 * @param ensembleMembers members of each ensemble run, numbered from 0 (RUNS; FEED uses each product's)
 * @param membersPerFile members per ensemble file (the Met Office puts every member of a run in each file)
 * @param filesPerSecond upload rate limit; 0 for as fast as possible (notifications then go in batches of 10)
 * @param keys the products' 2026 key layouts, or the retired {@code <sha1>.nc}
 * @param scale FEED: the fraction of each run's real number of files published (at least one step of each variable)
 * @param seed the {@link SyntheticField} seed
 */
public record SimulatorConfig(
        List<MetOfficeModel> models,
        List<Variable> variables,
        List<Duration> forecastPeriods,
        Instant firstRun,
        Duration runInterval,
        int runCount,
        boolean realTime,
        Schedule schedule,
        Grids grids,
        int ensembleMembers,
        int membersPerFile,
        double filesPerSecond,
        NotificationStyle notificationStyle,
        ObjectKeys.KeyStyle keys,
        double scale,
        long seed) {

    /** How runs follow each other. */
    public enum Schedule {
        /** Runs every {@code runInterval} from {@code firstRun}, every product at once. */
        RUNS,
        /** Every product on its real schedule, in real time, continuously. */
        FEED
    }

    /** The products {@code ./isobar local} publishes by default: everything the 2026 feed has. */
    public static final List<MetOfficeModel> TODAYS_PRODUCTS = List.of(MetOfficeModel.values());

    /** The fraction of the real feed {@code ./isobar local} publishes by default: about 6 files a minute. */
    public static final double LOCAL_SCALE = 0.005;

    /**
     * The fewest steps a FEED run publishes (T+0..T+12 h where the run has them), however small the scale: enough for
     * "now" and the next hours to be answered from every run.
     */
    public static final int MIN_FEED_STEPS = 13;

    public SimulatorConfig {
        models = List.copyOf(models);
        variables = List.copyOf(variables);
        forecastPeriods = List.copyOf(forecastPeriods);
        Objects.requireNonNull(firstRun, "firstRun");
        Objects.requireNonNull(runInterval, "runInterval");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(grids, "grids");
        Objects.requireNonNull(notificationStyle, "notificationStyle");
        Objects.requireNonNull(keys, "keys");
        if (models.isEmpty() || variables.isEmpty() || (forecastPeriods.isEmpty() && schedule == Schedule.RUNS)) {
            throw new IllegalArgumentException("simulator needs at least one product, variable and forecast step");
        }
        if (runInterval.isNegative() || runInterval.isZero() || runInterval.getNano() != 0) {
            throw new IllegalArgumentException("run interval must be a positive whole number of seconds: " + runInterval);
        }
        if (runCount < 0) {
            throw new IllegalArgumentException("run count must be >= 0 (0 = endless): " + runCount);
        }
        if (ensembleMembers < 1 || membersPerFile < 1) {
            throw new IllegalArgumentException("ensemble members and members per file must be >= 1");
        }
        if (!(filesPerSecond >= 0) || Double.isInfinite(filesPerSecond)) {
            throw new IllegalArgumentException("files per second must be >= 0 (0 = as fast as possible): " + filesPerSecond);
        }
        if (!(scale > 0) || scale > 1) {
            throw new IllegalArgumentException("scale must be a fraction of the real feed, above 0 and at most 1: " + scale);
        }
        firstRun = firstRun.truncatedTo(ChronoUnit.SECONDS);
        for (Duration step : forecastPeriods) {
            if (step.isNegative() || step.getNano() != 0) {
                throw new IllegalArgumentException("forecast steps must be whole, non-negative seconds: " + step);
            }
        }
        // Fail now rather than on every file: e.g. 2 members per file would be confused with bnds.
        for (MetOfficeModel model : models) {
            for (Variable variable : variables(model, variables)) {
                for (List<Integer> members : memberGroups(model, memberCount(model, schedule, ensembleMembers), membersPerFile,
                        firstRun, schedule)) {
                    MetOfficeFileWriter.checkDimensionLengths(new ForecastFileSpec(model, variable, firstRun,
                            Duration.ZERO, members, grids.of(model.product()), firstRun));
                }
            }
        }
    }

    /**
     * The defaults of {@code ./isobar local}: every product of today's feed, temperature, wind, humidity and rain, on
     * the real grids, each product on its real schedule at {@link #LOCAL_SCALE} of its real number of files, paced in
     * real time without end, at most 2 files a second while catching up, announced as the 2026 buckets do (S3 events
     * on {@code <bucket>-object_created}).
     */
    public static SimulatorConfig local(Instant now) {
        return new SimulatorConfig(TODAYS_PRODUCTS, Variables.defaults(), List.of(), now.truncatedTo(ChronoUnit.SECONDS),
                Duration.ofHours(1), 0, true, Schedule.FEED, Grids.real(), 3, 3, 2.0, NotificationStyle.S3_EVENT_SNS,
                ObjectKeys.KeyStyle.TODAY, LOCAL_SCALE, 1L);
    }

    /**
     * The two UK models' runs of the previous hour and of this one, then one an hour on the hour, for ever: UKV and
     * MOGREPS-UK (3 members), temperature, wind, humidity and rain at T+0..T+12 h on the real UK grid, as fast as the
     * rate allows. What {@code ./isobar local} published before it played the whole feed; tests that need the recent
     * hours covered at once use it.
     */
    public static SimulatorConfig recentRuns(Instant now) {
        return new SimulatorConfig(List.of(MetOfficeModel.UKV, MetOfficeModel.MOGREPS_UK), Variables.defaults(), hourly(0, 12),
                now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1)), Duration.ofHours(1), 0, true, Schedule.RUNS,
                Grids.real(), 3, 3, 2.0, NotificationStyle.S3_EVENT_SNS, ObjectKeys.KeyStyle.TODAY, 1.0, 1L);
    }

    /**
     * A quick, finite simulation for tests: one run at {@code firstRun} of UKV and MOGREPS-UK, temperature and wind
     * at T+0..T+2 h, on the small grids (60 x 64 around the UK grid's origin), 3 members, as fast as possible: 12 files,
     * announced in the retired Met Office JSON (whose hints the tests check) under today's keys.
     */
    public static SimulatorConfig small(Instant firstRun) {
        return new SimulatorConfig(List.of(MetOfficeModel.UKV, MetOfficeModel.MOGREPS_UK),
                List.of(Variables.TEMPERATURE_AT_SCREEN_LEVEL, Variables.WIND_SPEED_AT_10M), hourly(0, 2), firstRun,
                Duration.ofHours(1), 1, false, Schedule.RUNS, Grids.small(), 3, 3, 0.0, NotificationStyle.MET_OFFICE_SNS,
                ObjectKeys.KeyStyle.TODAY, 1.0, 1L);
    }

    /** Steps every hour from {@code firstHour} to {@code lastHour} inclusive. */
    public static List<Duration> hourly(int firstHour, int lastHour) {
        List<Duration> steps = new ArrayList<>();
        for (int h = firstHour; h <= lastHour; h++) {
            steps.add(Duration.ofHours(h));
        }
        return steps;
    }

    private Builder copy() {
        return new Builder(this);
    }

    public SimulatorConfig withModels(List<MetOfficeModel> models) {
        return copy().models(models).build();
    }

    public SimulatorConfig withVariables(List<Variable> variables) {
        return copy().variables(variables).build();
    }

    public SimulatorConfig withForecastPeriods(List<Duration> forecastPeriods) {
        return copy().forecastPeriods(forecastPeriods).build();
    }

    /** Runs {@code firstRun + k * interval}, {@code count} of them (0 = endless), paced by the wall clock or not. */
    public SimulatorConfig withRuns(Instant firstRun, Duration interval, int count, boolean realTime) {
        Builder b = copy();
        b.firstRun = firstRun;
        b.runInterval = interval;
        b.runCount = count;
        b.realTime = realTime;
        b.schedule = Schedule.RUNS;
        return b.build();
    }

    /** Every product on its real schedule from {@code now}, at {@code scale} of the real feed, continuously. */
    public SimulatorConfig withFeed(Instant now, double scale) {
        Builder b = copy();
        b.firstRun = now;
        b.schedule = Schedule.FEED;
        b.realTime = true;
        b.runCount = 0;
        b.scale = scale;
        return b.build();
    }

    /** {@code grid} in place of the grid of its kind (a projected grid is the UK's). */
    public SimulatorConfig withGrid(GridSpec grid) {
        return copy().grids(grids.with(grid)).build();
    }

    public SimulatorConfig withGrids(Grids grids) {
        return copy().grids(grids).build();
    }

    public SimulatorConfig withEnsemble(int members, int perFile) {
        Builder b = copy();
        b.ensembleMembers = members;
        b.membersPerFile = perFile;
        return b.build();
    }

    public SimulatorConfig withFilesPerSecond(double filesPerSecond) {
        Builder b = copy();
        b.filesPerSecond = filesPerSecond;
        return b.build();
    }

    public SimulatorConfig withNotificationStyle(NotificationStyle style) {
        Builder b = copy();
        b.notificationStyle = style;
        return b.build();
    }

    public SimulatorConfig withKeys(ObjectKeys.KeyStyle keys) {
        Builder b = copy();
        b.keys = keys;
        return b.build();
    }

    public SimulatorConfig withSeed(long seed) {
        Builder b = copy();
        b.seed = seed;
        return b.build();
    }

    /** The UK grid (for logs and the tests of the UK products). */
    public GridSpec grid() {
        return grids.uk();
    }

    /** The reference time of run {@code index} (from 0) of the RUNS schedule. */
    public Instant run(long index) {
        return firstRun.plus(runInterval.multipliedBy(index));
    }

    /** The files of one run of the RUNS schedule, every product, in publishing order, stamped as created at {@code created}. */
    public List<ForecastFileSpec> filesOfRun(Instant run, Instant created) {
        List<ForecastFileSpec> files = new ArrayList<>();
        for (Duration step : forecastPeriods) {
            for (MetOfficeModel model : models) {
                files.addAll(filesOfStep(model, run, step, created));
            }
        }
        return files;
    }

    /**
     * The files one product's run publishes, step by step: the configured steps, or (FEED) the first of the run's real
     * steps, as many as {@code scale} of its real number of files makes, and at least {@link #MIN_FEED_STEPS}.
     */
    public List<ForecastFileSpec> filesOfRun(MetOfficeModel model, Instant run, Instant created) {
        List<Duration> steps = forecastPeriods;
        if (steps.isEmpty()) {
            MetOfficeProduct.Cycle cycle = cycleOf(model.product(), run);
            List<Integer> hours = model.product().stepHours(cycle.leadHours());
            int perStep = variables(model, variables).size()
                    * memberGroups(model, memberCount(model, schedule, ensembleMembers), membersPerFile, run, schedule).size();
            long wanted = Math.max(MIN_FEED_STEPS, Math.round(cycle.files() * scale / Math.max(1, perStep)));
            steps = hours.stream().limit(wanted).map(h -> Duration.ofHours(h)).toList();
        }
        List<ForecastFileSpec> files = new ArrayList<>();
        for (Duration step : steps) {
            files.addAll(filesOfStep(model, run, step, created));
        }
        return files;
    }

    private List<ForecastFileSpec> filesOfStep(MetOfficeModel model, Instant run, Duration step, Instant created) {
        List<ForecastFileSpec> files = new ArrayList<>();
        for (Variable variable : variables(model, variables)) {
            if (variable.cellPeriod() != null && step.compareTo(variable.cellPeriod()) < 0) {
                continue;
            }
            for (List<Integer> members : memberGroups(model, memberCount(model, schedule, ensembleMembers), membersPerFile, run,
                    schedule)) {
                files.add(new ForecastFileSpec(model, variable, run, step, members, grids.of(model.product()), created));
            }
        }
        return files;
    }

    /** How many files each run of the RUNS schedule has. */
    public int filesPerRun() {
        return filesOfRun(firstRun, firstRun).size();
    }

    /** The run of {@code product}'s day that {@code run} is (the run at or before its hour). */
    static MetOfficeProduct.Cycle cycleOf(MetOfficeProduct product, Instant run) {
        int hour = run.atZone(ZoneOffset.UTC).getHour();
        MetOfficeProduct.Cycle best = product.cycles().get(0);
        for (MetOfficeProduct.Cycle c : product.cycles()) {
            if (c.hour() <= hour && c.hour() >= best.hour()) {
                best = c;
            }
        }
        return best;
    }

    /** The variables a product's files can hold: a probability blend needs thresholds for the quantity. */
    static List<Variable> variables(MetOfficeModel model, List<Variable> wanted) {
        if (model.product().kind() != MetOfficeProduct.Kind.PROBABILITIES) {
            return wanted;
        }
        return wanted.stream().filter(v -> !v.thresholds().isEmpty()).toList();
    }

    private static int memberCount(MetOfficeModel model, Schedule schedule, int configured) {
        return schedule == Schedule.FEED && model.ensemble() ? model.product().members() : configured;
    }

    /**
     * The ensemble members of each file of {@code model}'s run: one empty group for everything but an ensemble. On the
     * FEED schedule MOGREPS-UK's three members rotate through 35 over 12 hourly runs, as the real feed's do (the
     * control, 0, twice), and MOGREPS-G's 18 are 0..17.
     */
    static List<List<Integer>> memberGroups(MetOfficeModel model, int members, int perFile, Instant run, Schedule schedule) {
        if (!model.ensemble()) {
            return List.of(List.of());
        }
        List<Integer> all = new ArrayList<>();
        if (schedule == Schedule.FEED && model == MetOfficeModel.MOGREPS_UK) {
            all.addAll(mogrepsUkMembers(run.atZone(ZoneOffset.UTC).getHour()));
        } else {
            for (int m = 0; m < members; m++) {
                all.add(m);
            }
        }
        int size = schedule == Schedule.FEED ? all.size() : perFile;
        List<List<Integer>> groups = new ArrayList<>();
        for (int first = 0; first < all.size(); first += size) {
            groups.add(List.copyOf(all.subList(first, Math.min(all.size(), first + size))));
        }
        return groups;
    }

    /** MOGREPS-UK's members at a run hour: 0, 1, 2 at 05Z and 17Z, 3-5 at 06Z, ..., 0, 18, 19 at 11Z, 20-22 at 00Z... */
    static List<Integer> mogrepsUkMembers(int hour) {
        int slot = Math.floorMod(hour - 5, 12);
        if (slot == 0) {
            return List.of(0, 1, 2);
        }
        if (slot == 6) {
            return List.of(0, 18, 19);
        }
        int first = slot < 6 ? 3 * slot : 3 * slot - 1;
        return List.of(first, first + 1, first + 2);
    }

    /** A mutable copy for the {@code with...} methods. */
    private static final class Builder {
        List<MetOfficeModel> models;
        List<Variable> variables;
        List<Duration> forecastPeriods;
        Instant firstRun;
        Duration runInterval;
        int runCount;
        boolean realTime;
        Schedule schedule;
        Grids grids;
        int ensembleMembers;
        int membersPerFile;
        double filesPerSecond;
        NotificationStyle notificationStyle;
        ObjectKeys.KeyStyle keys;
        double scale;
        long seed;

        Builder(SimulatorConfig c) {
            models = c.models;
            variables = c.variables;
            forecastPeriods = c.forecastPeriods;
            firstRun = c.firstRun;
            runInterval = c.runInterval;
            runCount = c.runCount;
            realTime = c.realTime;
            schedule = c.schedule;
            grids = c.grids;
            ensembleMembers = c.ensembleMembers;
            membersPerFile = c.membersPerFile;
            filesPerSecond = c.filesPerSecond;
            notificationStyle = c.notificationStyle;
            keys = c.keys;
            scale = c.scale;
            seed = c.seed;
        }

        Builder models(List<MetOfficeModel> m) {
            models = m;
            return this;
        }

        Builder variables(List<Variable> v) {
            variables = v;
            return this;
        }

        Builder forecastPeriods(List<Duration> p) {
            forecastPeriods = p;
            return this;
        }

        Builder grids(Grids g) {
            grids = g;
            return this;
        }

        SimulatorConfig build() {
            return new SimulatorConfig(models, variables, forecastPeriods, firstRun, runInterval, runCount, realTime, schedule,
                    grids, ensembleMembers, membersPerFile, filesPerSecond, notificationStyle, keys, scale, seed);
        }
    }
}

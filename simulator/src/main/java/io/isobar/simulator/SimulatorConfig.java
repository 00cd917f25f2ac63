package io.isobar.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link Simulator} publishes and how fast: which models and variables, which forecast steps of which
 * runs, on which grid, with how many ensemble members, at what rate, in which notification style.
 *
 * <p>Runs are {@code firstRun + k * runInterval} for {@code k = 0 .. runCount - 1} ({@code runCount == 0}:
 * endless). Within a run files go out step by step (all models and variables of T+0, then T+1, ...), as the
 * Met Office publishes them. With {@code realTime} a run is not published before the wall clock reaches its
 * reference time; without it, runs follow each other as fast as the rate allows.
 *
 * @param forecastPeriods the steps of each run; variables with a cell period (e.g. hourly maximum) skip steps
 *     shorter than that period
 * @param ensembleMembers members of each ensemble run, numbered from 0
 * @param membersPerFile members per ensemble file (the Met Office puts 3 in each)
 * @param filesPerSecond upload rate limit; 0 for as fast as possible (notifications then go in batches of 10)
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
        GridSpec grid,
        int ensembleMembers,
        int membersPerFile,
        double filesPerSecond,
        NotificationStyle notificationStyle,
        long seed) {

    public SimulatorConfig {
        models = List.copyOf(models);
        variables = List.copyOf(variables);
        forecastPeriods = List.copyOf(forecastPeriods);
        Objects.requireNonNull(firstRun, "firstRun");
        Objects.requireNonNull(runInterval, "runInterval");
        Objects.requireNonNull(grid, "grid");
        Objects.requireNonNull(notificationStyle, "notificationStyle");
        if (models.isEmpty() || variables.isEmpty() || forecastPeriods.isEmpty()) {
            throw new IllegalArgumentException("simulator needs at least one model, variable and forecast step");
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
        firstRun = firstRun.truncatedTo(ChronoUnit.SECONDS);
        for (Duration step : forecastPeriods) {
            if (step.isNegative() || step.getNano() != 0) {
                throw new IllegalArgumentException("forecast steps must be whole, non-negative seconds: " + step);
            }
        }
        // Fail now rather than on every file: e.g. 2 members per file would be confused with bnds.
        for (MetOfficeModel model : models) {
            for (Variable variable : variables) {
                for (List<Integer> members : memberGroups(model, ensembleMembers, membersPerFile)) {
                    MetOfficeFileWriter.checkDimensionLengths(new ForecastFileSpec(model, variable, firstRun,
                            Duration.ZERO, members, grid, firstRun));
                }
            }
        }
    }

    /**
     * The defaults of {@code ./isobar local}: UKV and MOGREPS-UK (3 members, one file per step), temperature,
     * wind, humidity and rain at T+0..T+12 h on the full-size UK grid (so every UK city is on it), hourly runs
     * from the one before {@code now}'s hour, going on for ever in real time, at most 2 files a second. The
     * previous and current runs (104 files, about 200 MB, each) flow at once, visibly, for a minute or two;
     * then a new run starts every hour on the hour.
     */
    public static SimulatorConfig local(Instant now) {
        return new SimulatorConfig(List.of(MetOfficeModel.UKV, MetOfficeModel.MOGREPS_UK), Variables.defaults(),
                hourly(0, 12), now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1)), Duration.ofHours(1), 0,
                true, GridSpec.uk(), 3, 3, 2.0, NotificationStyle.MET_OFFICE_SNS, 1L);
    }

    /**
     * A quick, finite simulation for tests: one run at {@code firstRun} of both models, temperature and wind
     * at T+0..T+2 h, on a 60 x 64 grid (120 x 128 km around the origin), 3 members, as fast as possible:
     * 12 files.
     */
    public static SimulatorConfig small(Instant firstRun) {
        return new SimulatorConfig(List.of(MetOfficeModel.UKV, MetOfficeModel.MOGREPS_UK),
                List.of(Variables.TEMPERATURE_AT_SCREEN_LEVEL, Variables.WIND_SPEED_AT_10M), hourly(0, 2), firstRun,
                Duration.ofHours(1), 1, false, GridSpec.centred(60, 64), 3, 3, 0.0, NotificationStyle.MET_OFFICE_SNS, 1L);
    }

    /** Steps every hour from {@code firstHour} to {@code lastHour} inclusive. */
    public static List<Duration> hourly(int firstHour, int lastHour) {
        List<Duration> steps = new ArrayList<>();
        for (int h = firstHour; h <= lastHour; h++) {
            steps.add(Duration.ofHours(h));
        }
        return steps;
    }

    public SimulatorConfig withModels(List<MetOfficeModel> models) {
        return new SimulatorConfig(models, variables, forecastPeriods, firstRun, runInterval, runCount, realTime, grid,
                ensembleMembers, membersPerFile, filesPerSecond, notificationStyle, seed);
    }

    public SimulatorConfig withVariables(List<Variable> variables) {
        return new SimulatorConfig(models, variables, forecastPeriods, firstRun, runInterval, runCount, realTime, grid,
                ensembleMembers, membersPerFile, filesPerSecond, notificationStyle, seed);
    }

    public SimulatorConfig withForecastPeriods(List<Duration> forecastPeriods) {
        return new SimulatorConfig(models, variables, forecastPeriods, firstRun, runInterval, runCount, realTime, grid,
                ensembleMembers, membersPerFile, filesPerSecond, notificationStyle, seed);
    }

    /** Runs {@code firstRun + k * interval}, {@code count} of them (0 = endless), paced by the wall clock or not. */
    public SimulatorConfig withRuns(Instant firstRun, Duration interval, int count, boolean realTime) {
        return new SimulatorConfig(models, variables, forecastPeriods, firstRun, interval, count, realTime, grid,
                ensembleMembers, membersPerFile, filesPerSecond, notificationStyle, seed);
    }

    public SimulatorConfig withGrid(GridSpec grid) {
        return new SimulatorConfig(models, variables, forecastPeriods, firstRun, runInterval, runCount, realTime, grid,
                ensembleMembers, membersPerFile, filesPerSecond, notificationStyle, seed);
    }

    public SimulatorConfig withEnsemble(int members, int perFile) {
        return new SimulatorConfig(models, variables, forecastPeriods, firstRun, runInterval, runCount, realTime, grid,
                members, perFile, filesPerSecond, notificationStyle, seed);
    }

    public SimulatorConfig withFilesPerSecond(double filesPerSecond) {
        return new SimulatorConfig(models, variables, forecastPeriods, firstRun, runInterval, runCount, realTime, grid,
                ensembleMembers, membersPerFile, filesPerSecond, notificationStyle, seed);
    }

    public SimulatorConfig withNotificationStyle(NotificationStyle style) {
        return new SimulatorConfig(models, variables, forecastPeriods, firstRun, runInterval, runCount, realTime, grid,
                ensembleMembers, membersPerFile, filesPerSecond, style, seed);
    }

    public SimulatorConfig withSeed(long seed) {
        return new SimulatorConfig(models, variables, forecastPeriods, firstRun, runInterval, runCount, realTime, grid,
                ensembleMembers, membersPerFile, filesPerSecond, notificationStyle, seed);
    }

    /** The reference time of run {@code index} (from 0). */
    public Instant run(long index) {
        return firstRun.plus(runInterval.multipliedBy(index));
    }

    /** The files of one run, in publishing order, stamped as created at {@code created}. */
    public List<ForecastFileSpec> filesOfRun(Instant run, Instant created) {
        List<ForecastFileSpec> files = new ArrayList<>();
        for (Duration step : forecastPeriods) {
            for (MetOfficeModel model : models) {
                for (Variable variable : variables) {
                    if (variable.cellPeriod() != null && step.compareTo(variable.cellPeriod()) < 0) {
                        continue;
                    }
                    for (List<Integer> members : memberGroups(model, ensembleMembers, membersPerFile)) {
                        files.add(new ForecastFileSpec(model, variable, run, step, members, grid, created));
                    }
                }
            }
        }
        return files;
    }

    /** How many files each run has. */
    public int filesPerRun() {
        return filesOfRun(firstRun, firstRun).size();
    }

    /** The ensemble members of each file of {@code model}: one empty group for deterministic models. */
    static List<List<Integer>> memberGroups(MetOfficeModel model, int members, int perFile) {
        if (!model.ensemble()) {
            return List.of(List.of());
        }
        List<List<Integer>> groups = new ArrayList<>();
        for (int first = 0; first < members; first += perFile) {
            List<Integer> group = new ArrayList<>();
            for (int m = first; m < Math.min(members, first + perFile); m++) {
                group.add(m);
            }
            groups.add(List.copyOf(group));
        }
        return groups;
    }
}

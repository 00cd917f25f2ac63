package io.isobar.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The shape of one day of the real Met Office feed, in one place, as the scale benchmark seeds it (docs/benchmarks.md,
 * "Scale"): each model's runs (at which hours), the variables of a run, its steps and how many files a variable has
 * at one step. The numbers follow the measurements of the 2026 feed: UKV ~43,000 files a day (812 to 4,732 a
 * run), MOGREPS-UK ~14,330 a run hourly with 3 members in each file, global ~4,488 (00/12Z) and ~2,961 (06/18Z) a
 * run: about 402,000 files a day. (The catalogue of every 2026 product belongs to the feed work; when it has one table
 * of per-product facts in core, this should read it.)
 *
 * @param runHours the hours of the day a run starts
 * @param variables variables in a run
 * @param stepsByHour the steps of the run starting at an hour (its validity times), per hour of {@code runHours}
 * @param stepEvery the time between two steps
 * @param members the realizations in one file
 */
record ScaleShape(String model, List<Integer> runHours, int variables, List<Integer> stepsByHour, Duration stepEvery,
        int members) {

    /** UKV: hourly; the runs at 00, 04, ..., 20Z reach 75 h ahead (4,712 files), the others 12 h (806). */
    static final ScaleShape UKV = new ScaleShape("ukv", hours(0, 24, 1), 62, steps(24, h -> h % 4 == 0 ? 76 : 13),
            Duration.ofHours(1), 1);
    /** MOGREPS-UK: hourly runs of 3 members (in each file), 126 hourly steps of 114 variables (14,364 files). */
    static final ScaleShape MOGREPS_UK = new ScaleShape("mogreps-uk", hours(0, 24, 1), 114, steps(24, h -> 126),
            Duration.ofHours(1), 3);
    /** Global: 00/06/12/18Z, 3-hourly steps to 7 days (00/12Z, 4,446 files) or 111 h (06/18Z, 2,964 files). */
    static final ScaleShape GLOBAL = new ScaleShape("global", List.of(0, 6, 12, 18), 78, List.of(57, 38, 57, 38),
            Duration.ofHours(3), 1);

    static final List<ScaleShape> FEED = List.of(UKV, MOGREPS_UK, GLOBAL);

    /** The steps of the run at {@code hour} (one of {@link #runHours}). */
    int steps(int hour) {
        return stepsByHour.get(runHours.indexOf(hour));
    }

    /** The files of the run at {@code hour}. */
    int filesPerRun(int hour) {
        return variables * steps(hour);
    }

    /** The variable names: the common ones first (so every model has them), then numbered ones. */
    List<String> variableNames() {
        List<String> names = new ArrayList<>(List.of("air_temperature", "relative_humidity", "wind_speed", "wind_from_direction",
                "cloud_area_fraction", "rainfall_rate", "air_pressure_at_sea_level", "visibility_in_air"));
        for (int i = names.size(); i < variables; i++) {
            names.add(String.format("field_%03d", i));
        }
        return names.subList(0, variables);
    }

    /** One run of the feed. */
    record Run(ScaleShape shape, Instant start) {
        int hour() {
            return start.atZone(java.time.ZoneOffset.UTC).getHour();
        }

        int files() {
            return shape.filesPerRun(hour());
        }
    }

    /** Every run of {@code days} days from {@code first} (midnight), in the order they start, models in feed order. */
    static List<Run> runs(Instant first, int days) {
        List<Run> out = new ArrayList<>();
        for (int h = 0; h < days * 24; h++) {
            Instant start = first.plus(Duration.ofHours(h));
            for (ScaleShape s : FEED) {
                if (s.runHours().contains(h % 24)) {
                    out.add(new Run(s, start));
                }
            }
        }
        return out;
    }

    private static List<Integer> hours(int from, int to, int every) {
        List<Integer> out = new ArrayList<>();
        for (int h = from; h < to; h += every) {
            out.add(h);
        }
        return out;
    }

    private static List<Integer> steps(int runs, java.util.function.IntUnaryOperator byHour) {
        List<Integer> out = new ArrayList<>();
        for (int h = 0; h < runs; h++) {
            out.add(byHour.applyAsInt(h));
        }
        return out;
    }
}

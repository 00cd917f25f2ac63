package io.isobar.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import io.isobar.aws.AwsSettings;
import io.isobar.simulator.GridSpec;
import io.isobar.simulator.MetOfficeModel;
import io.isobar.simulator.SimulatedFile;
import io.isobar.simulator.Simulator;
import io.isobar.simulator.SimulatorConfig;
import io.isobar.simulator.SimulatorListener;
import io.isobar.simulator.Variables;
import picocli.CommandLine.Option;

/** The files the ingest, backfill and chaos benchmarks make: whole UKV and MOGREPS-UK runs of four variables, T+0 to T+11. */
final class SimulatedRuns {

    /** The UK models, the benchmarks' default. */
    static final List<MetOfficeModel> UK = List.of(MetOfficeModel.UKV, MetOfficeModel.MOGREPS_UK);
    /** A mixed burst of the feed's gridded deterministic and ensemble products, UK and global (issue 19). */
    static final List<MetOfficeModel> MIXED = List.of(MetOfficeModel.UKV, MetOfficeModel.MOGREPS_UK, MetOfficeModel.GLOBAL,
            MetOfficeModel.MOGREPS_G);

    private SimulatedRuns() {}

    /** {@code --grid}, for the benchmarks that let the files be of the real size. */
    static final class GridOption {
        @Option(names = "--grid", defaultValue = "small",
                description = "small (60 x 64) or uk (970 x 1042, the real size; slow to generate) (default: ${DEFAULT-VALUE}).")
        String grid;

        /** Whole runs from {@code firstRun}, an hour apart, enough for at least {@code files} files. */
        SimulatorConfig covering(Instant firstRun, int files) {
            return covering(firstRun, files, UK);
        }

        /** Whole runs of {@code models} from {@code firstRun}, an hour apart, enough for at least {@code files} files. */
        SimulatorConfig covering(Instant firstRun, int files, List<MetOfficeModel> models) {
            SimulatorConfig run = runs(firstRun).withModels(models);
            if ("uk".equals(grid)) {
                run = run.withGrid(GridSpec.uk());
            } else if (!"small".equals(grid)) {
                throw new IllegalArgumentException("--grid must be small or uk, not '" + grid + "'");
            }
            return run.withRuns(firstRun, Duration.ofHours(1), (files + run.filesPerRun() - 1) / run.filesPerRun(), false);
        }
    }

    /** The runs on the small grid, from {@code firstRun}. */
    static SimulatorConfig runs(Instant firstRun) {
        return SimulatorConfig.small(firstRun)
                .withVariables(List.of(Variables.TEMPERATURE_AT_SCREEN_LEVEL, Variables.WIND_SPEED_AT_10M,
                        Variables.RELATIVE_HUMIDITY_AT_SCREEN_LEVEL, Variables.RAINFALL_RATE))
                .withForecastPeriods(SimulatorConfig.hourly(0, 11));
    }

    /** Has the simulator write and upload every file of {@code config} to {@code bucket}, announcing each on {@code queueUrl}. */
    static void publish(AwsSettings settings, String bucket, String queueUrl, SimulatorConfig config, Consumer<SimulatedFile> published)
            throws Exception {
        try (Simulator simulator = new Simulator(settings, bucket, queueUrl, config, new SimulatorListener() {
            @Override
            public void filePublished(SimulatedFile file, String into) {
                published.accept(file);
            }
        })) {
            simulator.start();
            if (!simulator.awaitCompletion(Duration.ofHours(1))) {
                throw new IllegalStateException("the simulator did not finish");
            }
        }
    }
}

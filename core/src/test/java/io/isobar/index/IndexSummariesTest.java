package io.isobar.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.isobar.json.Json;
import io.isobar.model.ForecastFile;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The summaries the job keeps count every file once however files arrive (twice, out of order, after a restart that
 * starts a tally again from what the index holds), and their state form (JSON) and item form read back the same.
 */
class IndexSummariesTest {

    private static final Instant RUN = Instant.parse("2026-11-23T03:00:00Z");
    private static final Duration RETENTION = Duration.ofDays(365);

    private static ForecastFile file(String model, String variable, Instant run, int hour, String id, Instant indexedAt) {
        Instant time = run.plus(Duration.ofHours(hour));
        return new ForecastFile(id, model, variable, variable, "long " + variable, "K", null, run,
                Duration.between(run, time).toSeconds(), time, List.of(0, 1, 2), List.of(1.5), List.of(), List.of(),
                "s3://archive/" + id + ".nc", "s3://source/" + id + ".nc", 1000, "etag", indexedAt);
    }

    private static List<ForecastFile> sample() {
        List<ForecastFile> files = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            Instant run = RUN.plus(Duration.ofHours(r));
            for (int h = 0; h < 4; h++) {
                for (String v : List.of("air_temperature", "relative_humidity")) {
                    for (String member : List.of("a", "b")) {
                        files.add(file("mogreps-uk", v, run, h, "m-" + r + "-" + h + "-" + v + "-" + member,
                                Instant.parse("2026-11-23T06:00:00Z").plusSeconds(files.size())));
                    }
                }
            }
        }
        return files;
    }

    @Test
    void aStepCountsDistinctObjectsOnly() {
        ForecastFile f = file("ukv", "air_temperature", RUN, 1, "a", RUN);
        FileFact fact = FileFact.of(f, RETENTION);
        StepTally one = StepTally.empty(fact).with(fact);
        assertThat(one.with(fact)).as("the same file again changes nothing").isSameAs(one);
        StepTally two = one.with(FileFact.of(file("ukv", "air_temperature", RUN, 1, "b", RUN), RETENTION));
        assertThat(two.files()).isEqualTo(2);
        assertThat(FileFact.of(file("ukv", "x", RUN, 1, "0123456789abcdef", RUN), RETENTION).objectNumber())
                .as("the job's object ids are their own number").isEqualTo(0x0123456789abcdefL);
    }

    @Test
    void runSummariesMergeWithoutCountingTwiceInAnyOrder() {
        RunSummary a = RunSummary.step("ukv", RUN, RUN.plusSeconds(3600), 3, new TreeSet<>(List.of("t")), RUN, RUN);
        RunSummary b = RunSummary.step("ukv", RUN, RUN.plusSeconds(7200), 2, new TreeSet<>(List.of("h")), RUN.plusSeconds(5), RUN);
        RunSummary a4 = RunSummary.step("ukv", RUN, RUN.plusSeconds(3600), 4, new TreeSet<>(List.of("t")), RUN.plusSeconds(9), RUN);
        RunSummary merged = a.merge(b).merge(a4);
        assertThat(merged).isEqualTo(a4.merge(b).merge(a)).isEqualTo(merged.merge(a)).isEqualTo(merged.merge(merged));
        assertThat(merged.files()).isEqualTo(6);
        assertThat(merged.times()).containsExactly(RUN.plusSeconds(3600), RUN.plusSeconds(7200));
        assertThat(merged.variables()).containsExactly("h", "t");
        assertThat(merged.lastIndexedAt()).isEqualTo(RUN.plusSeconds(9));
        assertThat(merged.marker().tally().files()).isEqualTo(6);
    }

    @Test
    void summariesOfFilesSeenTwiceShuffledOrSplitAreThoseOfTheFilesOnce() {
        List<ForecastFile> files = sample();
        List<Map<String, AttributeValue>> once = IndexSummaries.items(files, RETENTION);
        List<ForecastFile> messy = new ArrayList<>(files);
        messy.addAll(files.subList(0, 17));
        Collections.shuffle(messy, new Random(7));
        assertThat(IndexSummaries.items(messy, RETENTION)).containsExactlyInAnyOrderElementsOf(once);

        // Counts: 12 valid times x 2 variables x 2 members per run, 3 runs; a time is reached by 1 to 3 runs.
        long runs = once.stream().filter(i -> i.get(IndexSchema.TIMES_PK).s().endsWith("#runs")).count();
        assertThat(runs).isEqualTo(3);
        assertThat(once).filteredOn(i -> i.get(IndexSchema.TIMES_PK).s().endsWith("#runs"))
                .allSatisfy(i -> assertThat(i.get(Marker.FILE_COUNT).n()).isEqualTo("16"));
        Map<String, AttributeValue> latest = once.stream().filter(i -> i.get(IndexSchema.TIMES_PK).s().equals("mogreps-uk")
                && i.get(IndexSchema.TIMES_SK).s().equals("2026-11-23T05:00:00Z")).findFirst().orElseThrow();
        assertThat(latest.get(Marker.FILE_COUNT).n()).as("05Z: the 03Z, 04Z and 05Z runs, 4 files each").isEqualTo("12");
        assertThat(once).filteredOn(i -> i.get(IndexSchema.TIMES_PK).s().equals(IndexSchema.MODELS_PARTITION)).hasSize(1);
        assertThat(once).filteredOn(i -> i.get(IndexSchema.TIMES_PK).s().endsWith(IndexSchema.PARAMETERS_PARTITION_SUFFIX))
                .hasSize(2);
        assertThat(once).as("every summary expires").allSatisfy(i -> {
            if (!i.get(IndexSchema.TIMES_PK).s().equals(IndexSchema.MODELS_PARTITION)) {
                assertThat(i).containsKey(IndexSchema.TIMES_TTL);
            }
        });
    }

    @Test
    void aTallyStartedAgainFromTheIndexAndFedTheSameFilesCountsThemOnce() {
        // A restart meets a time again: its tally starts from the run summaries already written, then the replayed
        // steps come in; the count is the same as if nothing had happened.
        List<ForecastFile> files = sample();
        Map<String, StepTally> steps = new java.util.TreeMap<>();
        for (ForecastFile f : files) {
            FileFact fact = FileFact.of(f, RETENTION);
            steps.merge(fact.stepKey(), StepTally.empty(fact).with(fact), (x, y) -> x.with(fact));
        }
        Instant time = RUN.plus(Duration.ofHours(2));
        TimeTally straight = TimeTally.empty("mogreps-uk", time);
        Map<String, RunSummary> stored = new java.util.TreeMap<>();
        for (StepTally s : steps.values()) {
            straight = straight.with(s.summary());
            stored.merge(s.summary().key(), s.summary(), RunSummary::merge);
        }
        TimeTally seeded = TimeTally.empty("mogreps-uk", time);
        for (RunSummary r : stored.values()) {
            seeded = seeded.with(r);
        }
        for (StepTally s : steps.values()) {
            seeded = seeded.with(s.summary());
        }
        assertThat(seeded).isEqualTo(straight);
        assertThat(seeded.files()).isEqualTo(12);
    }

    @Test
    void stateAndItemFormsReadBackTheSame() throws Exception {
        ForecastFile f = file("ukv", "air_temperature", RUN, 1, "a", RUN);
        FileFact fact = FileFact.of(f, RETENTION);
        StepTally step = StepTally.empty(fact).with(fact);
        StepTally stepBack = Json.mapper().readValue(Json.mapper().writeValueAsString(step), StepTally.class);
        assertThat(stepBack.objects()).containsExactly(step.objects());
        assertThat(stepBack.summary()).isEqualTo(step.summary());
        RunSummary run = step.summary();
        assertThat(Json.mapper().readValue(Json.mapper().writeValueAsString(run), RunSummary.class)).isEqualTo(run);
        assertThat(RunSummary.fromItem(run.toItem())).isEqualTo(run);
        TimeTally time = TimeTally.empty("ukv", f.time()).with(run);
        assertThat(Json.mapper().readValue(Json.mapper().writeValueAsString(time), TimeTally.class)).isEqualTo(time);
        ParameterSummary p = ParameterSummary.of(f, RETENTION);
        assertThat(Json.mapper().readValue(Json.mapper().writeValueAsString(p), ParameterSummary.class)).isEqualTo(p);
        assertThat(ParameterSummary.fromItem(p.toItem())).isEqualTo(p);
        Marker m = time.marker();
        assertThat(Marker.fromItem(m.toItem())).isEqualTo(m);
        assertThat(Marker.fromItem(Marker.model("ukv").toItem())).isEqualTo(Marker.model("ukv"));
    }

    @Test
    void aParameterIsDescribedByItsInstantaneousFieldWhateverTheOrder() {
        ForecastFile max = new ForecastFile("m", "ukv", "t", "t", "max t", "K", "time: maximum", RUN, 3600, RUN.plusSeconds(3600),
                List.of(), List.of(10.0), List.of(), List.of(), "u", "s", 1, "e", RUN);
        ForecastFile inst = file("ukv", "t", RUN, 1, "i", RUN);
        ParameterSummary a = ParameterSummary.of(max, RETENTION).merge(ParameterSummary.of(inst, RETENTION));
        ParameterSummary b = ParameterSummary.of(inst, RETENTION).merge(ParameterSummary.of(max, RETENTION));
        assertThat(a).isEqualTo(b);
        assertThat(a.cellMethods()).isNull();
        assertThat(a.heights()).containsExactly(1.5, 10.0);
    }
}

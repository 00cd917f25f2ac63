package io.isobar.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.isobar.index.FileItems;
import io.isobar.index.IndexSchema;
import io.isobar.index.IndexSummaries;
import io.isobar.model.ForecastFile;
import io.isobar.netcdf.bytes.ByteSource;
import io.isobar.netcdf.bytes.LocalFileSource;
import io.isobar.netcdf.header.NetcdfHeaderReader;
import io.isobar.netcdf.layout.StoredLayout;
import io.isobar.simulator.ForecastFileSpec;
import io.isobar.simulator.GridSpec;
import io.isobar.simulator.MetOfficeFileWriter;
import io.isobar.simulator.MetOfficeModel;
import io.isobar.simulator.SyntheticField;
import io.isobar.simulator.Variables;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The index the scale benchmark seeds: the files of {@link ScaleShape}'s feed, written exactly as the job writes them
 * (core's {@link FileItems#toItem}, and {@link IndexSummaries} for the markers, counts, run summaries and parameters
 * the job's summaries hold), each entry carrying the chunk layout of a real file in the Met Office layout (970 x 1042,
 * chunks 1 x 128 x 128: 1,017 bytes for one member, 1,374 for three) and pointing at that file, archived once, so
 * that point and EDR queries read real values.
 */
final class ScaleIndex {

    /** One archived file and its recorded layout, standing for every entry of a shape. */
    private record Archived(String uri, StoredLayout layout, long size) {}

    private final Map<Integer, Archived> byMembers = new HashMap<>();
    private final Map<String, List<String>> variables = new HashMap<>();
    private final List<ScaleShape.Run> runs;

    /** Writes and archives one real file per member count in {@code bucket}, and plans the runs of {@code days} days. */
    ScaleIndex(S3Client s3, String bucket, Instant first, int days) throws IOException {
        this.runs = ScaleShape.runs(first, days);
        ScaleShape.FEED.forEach(shape -> variables.put(shape.model(), shape.variableNames()));
        MetOfficeFileWriter writer = new MetOfficeFileWriter(new SyntheticField(18));
        Path local = Files.createTempFile("isobar-scale", ".nc");
        try {
            for (int members : List.of(1, 3)) {
                MetOfficeModel model = members == 1 ? MetOfficeModel.UKV : MetOfficeModel.MOGREPS_UK;
                ForecastFileSpec spec = new ForecastFileSpec(model, Variables.TEMPERATURE_AT_SCREEN_LEVEL, first,
                        Duration.ofHours(1), members == 1 ? List.of() : List.of(0, 1, 2), GridSpec.uk(), first);
                byte[] bytes = writer.toBytes(spec);
                String key = "scale/" + members + "-member.nc";
                IndexSeeding.archive(s3, bucket, key, bytes);
                Files.write(local, bytes);
                try (ByteSource source = LocalFileSource.open(local)) {
                    byte[] encoded = new NetcdfHeaderReader().readWithLayout(source).layout().encode();
                    byMembers.put(members, new Archived("s3://" + bucket + "/" + key, StoredLayout.inline(encoded), bytes.length));
                }
            }
        } finally {
            Files.deleteIfExists(local);
        }
    }

    /** How many files the planned days hold. */
    long files() {
        return runs.stream().mapToLong(ScaleShape.Run::files).sum();
    }

    /** The inline layout sizes, by member count (for the report). */
    Map<Integer, Integer> layoutBytes() {
        Map<Integer, Integer> out = new HashMap<>();
        byMembers.forEach((m, a) -> out.put(m, a.layout().inline().length));
        return out;
    }

    /** The runs planned. */
    List<ScaleShape.Run> runs() {
        return runs;
    }

    /** Every file, in the order the feed publishes them: run after run, step after step, variable after variable. */
    Iterable<ForecastFile> all() {
        return () -> new Iterator<>() {
            private int run;
            private int step;
            private int variable;

            @Override
            public boolean hasNext() {
                return run < runs.size();
            }

            @Override
            public ForecastFile next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                ScaleShape.Run r = runs.get(run);
                ForecastFile f = file(r, step, variable);
                if (++variable == r.shape().variables()) {
                    variable = 0;
                    if (++step == r.shape().steps(r.hour())) {
                        step = 0;
                        run++;
                    }
                }
                return f;
            }
        };
    }

    private ForecastFile file(ScaleShape.Run r, int step, int variable) {
        ScaleShape s = r.shape();
        Archived archived = byMembers.get(s.members());
        String name = variables.get(s.model()).get(variable);
        Duration period = s.stepEvery().multipliedBy(step);
        Instant time = r.start().plus(period);
        // Indexed as the feed publishes: a run's files over its first hour or two, a few seconds apart.
        Instant indexedAt = r.start().plus(Duration.ofMinutes(50)).plusMillis(700L * (step * s.variables() + variable));
        String id = String.format("%016x", (r.start().getEpochSecond() / 60) * 1_000_003L + s.model().hashCode() * 7_919L
                + step * 1_009L + variable);
        String source = "s3://met-office-" + s.model() + "/" + FileItems.iso(r.start()) + "/" + FileItems.iso(time) + "-PT"
                + String.format("%04dH00M", period.toHours()) + "-" + name + ".nc";
        return new ForecastFile(id, s.model(), name, name, name.replace('_', ' '), "K", null, r.start(), period.toSeconds(),
                time, s.members() == 1 ? List.of() : List.of(0, 1, 2), List.of(1.5), List.of(),
                s.members() == 1 ? List.of("projection_y_coordinate=970", "projection_x_coordinate=1042")
                        : List.of("realization=3", "projection_y_coordinate=970", "projection_x_coordinate=1042"),
                archived.uri(), source, archived.size(), "\"" + id + "\"", indexedAt, archived.layout(), indexedAt.minusSeconds(40));
    }

    /**
     * Writes the files {@code from} (inclusive) to {@code to} (exclusive) of {@link #all()} with BatchWriteItem on
     * {@code threads} threads, then every summary of the files up to {@code to}, as the job's summaries hold them.
     *
     * @return the bytes of the files items written (what DynamoDB stores and charges by)
     */
    long seed(DynamoDbClient dynamoDb, IndexSchema.TableNames tables, long from, long to, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> pending = new ArrayList<>();
        long bytes = 0;
        try {
            List<Map<String, AttributeValue>> batch = new ArrayList<>();
            long i = 0;
            for (ForecastFile f : first(to)) {
                if (i++ < from) {
                    continue;
                }
                Map<String, AttributeValue> item = FileItems.toItem(f);
                bytes += itemBytes(item);
                batch.add(item);
                if (batch.size() == 25) {
                    List<Map<String, AttributeValue>> b = batch;
                    pending.add(pool.submit(() -> write(dynamoDb, tables.files(), b)));
                    batch = new ArrayList<>();
                    if (pending.size() > threads * 8) {
                        pending.remove(0).get();
                    }
                }
            }
            if (!batch.isEmpty()) {
                List<Map<String, AttributeValue>> b = batch;
                pending.add(pool.submit(() -> write(dynamoDb, tables.files(), b)));
            }
            for (Future<?> f : pending) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        List<Map<String, AttributeValue>> summaries = IndexSummaries.items(first(to));
        for (int k = 0; k < summaries.size(); k += 25) {
            write(dynamoDb, tables.validTimes(), summaries.subList(k, Math.min(summaries.size(), k + 25)));
        }
        return bytes;
    }

    /** The first {@code n} files of {@link #all()}, made as they are read. */
    Iterable<ForecastFile> first(long n) {
        return () -> new Iterator<>() {
            private final Iterator<ForecastFile> all = all().iterator();
            private long served;

            @Override
            public boolean hasNext() {
                return served < n && all.hasNext();
            }

            @Override
            public ForecastFile next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                served++;
                return all.next();
            }
        };
    }

    private static void write(DynamoDbClient dynamoDb, String table, List<Map<String, AttributeValue>> items) {
        Map<String, List<WriteRequest>> request = Map.of(table,
                items.stream().map(i -> WriteRequest.builder().putRequest(p -> p.item(i)).build()).toList());
        while (request != null && !request.isEmpty()) {
            Map<String, List<WriteRequest>> ask = request;
            BatchWriteItemResponse response = dynamoDb.batchWriteItem(b -> b.requestItems(ask));
            request = response.hasUnprocessedItems() ? response.unprocessedItems() : null;
        }
    }

    /** An item's size as DynamoDB counts it: names and values in bytes (numbers at about their digits' half, plus one). */
    static long itemBytes(Map<String, AttributeValue> item) {
        long n = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            n += e.getKey().length() + valueBytes(e.getValue());
        }
        return n;
    }

    private static long valueBytes(AttributeValue v) {
        if (v.s() != null) {
            return v.s().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
        if (v.n() != null) {
            return v.n().length() / 2 + 1;
        }
        if (v.b() != null) {
            return v.b().asByteArray().length;
        }
        if (v.hasL()) {
            return 3 + v.l().stream().mapToLong(x -> 1 + valueBytes(x)).sum();
        }
        if (v.hasM()) {
            return 3 + v.m().entrySet().stream().mapToLong(x -> 1 + x.getKey().length() + valueBytes(x.getValue())).sum();
        }
        return 1;
    }
}

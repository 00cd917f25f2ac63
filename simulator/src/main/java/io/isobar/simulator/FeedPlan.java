package io.isobar.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.isobar.model.MetOfficeProduct;

/**
 * The timeline of the {@link SimulatorConfig.Schedule#FEED FEED} schedule: every product's runs at their real hours,
 * each run's files due evenly from the run time until the product's next run, so that every product's files arrive
 * all the time, as the real feed's do. It never ends. Not thread-safe: the simulator's thread owns it.
 *
 * <p>It starts inside the runs under way, and catches up on what they would already have published for the hour before
 * the start and after it (older validity times are left out): one file of every product first (so every product is
 * there at once), then the rest, the validity times nearest the start first, in the gaps between the files that fall
 * due, which always go first (so no product looks stalled while the others catch up).
 */
final class FeedPlan {

    /**
     * One file and when it is due.
     *
     * @param index the file's place in its run (from 0)
     * @param of how many files the run has
     */
    record Due(Instant at, MetOfficeModel model, Instant run, ForecastFileSpec spec, int index, int of) {}

    private final SimulatorConfig config;
    private final Map<MetOfficeModel, Deque<Due>> queues = new EnumMap<>(MetOfficeModel.class);
    /** How far before the start caught-up validity times go: older ones answer no question about now. */
    static final Duration CATCH_UP_PAST = Duration.ofHours(1);

    /** The latest file each product's run under way would have published by the start: published first. */
    private final Deque<Due> firstOfEach = new ArrayDeque<>();
    /** The rest of what the runs under way would already have published, in the order it is caught up on. */
    private final Deque<Due> catchUp = new ArrayDeque<>();
    private final Map<MetOfficeModel, Instant> runs = new EnumMap<>(MetOfficeModel.class);
    private final List<MetOfficeModel> order;
    private int turn;

    FeedPlan(SimulatorConfig config, Instant start) {
        this.config = config;
        this.order = List.copyOf(config.models());
        List<Due> first = new ArrayList<>();
        List<Due> rest = new ArrayList<>();
        for (MetOfficeModel model : order) {
            queues.put(model, new ArrayDeque<>());
            plan(model, runAtOrBefore(model.product(), start));
            Deque<Due> queue = queues.get(model);
            List<Due> due = new ArrayList<>();
            while (!queue.isEmpty() && !queue.peek().at().isAfter(start)) {
                due.add(queue.poll());
            }
            if (!due.isEmpty()) {
                first.add(due.remove(due.size() - 1));
                due.stream().filter(d -> !d.spec().time().isBefore(start.minus(CATCH_UP_PAST))).forEach(rest::add);
            }
        }
        rest.sort(java.util.Comparator.comparing((Due d) -> Duration.between(start, d.spec().time()).abs()));
        firstOfEach.addAll(first);
        catchUp.addAll(rest);
    }

    /**
     * The next file to publish at {@code now}: first one of every product; then of the products with files due, each in
     * turn; else the next file to catch up on; else the soonest due.
     */
    Due next(Instant now) {
        if (!firstOfEach.isEmpty()) {
            return firstOfEach.poll();
        }
        for (int i = 0; i < order.size(); i++) {
            MetOfficeModel model = order.get((turn + i) % order.size());
            Due head = head(model);
            if (!head.at().isAfter(now)) {
                turn = (turn + i + 1) % order.size();
                return queues.get(model).poll();
            }
        }
        if (!catchUp.isEmpty()) {
            return catchUp.poll();
        }
        MetOfficeModel soonest = order.get(0);
        for (MetOfficeModel model : order) {
            if (head(model).at().isBefore(head(soonest).at())) {
                soonest = model;
            }
        }
        return queues.get(soonest).poll();
    }

    /** How many files are due at {@code now} and not yet taken. */
    int backlog(Instant now) {
        int n = firstOfEach.size() + catchUp.size();
        for (Deque<Due> queue : queues.values()) {
            for (Due d : queue) {
                if (d.at().isAfter(now)) {
                    break;
                }
                n++;
            }
        }
        return n;
    }

    /** The run each product is publishing now. */
    Map<MetOfficeModel, Instant> currentRuns() {
        return Map.copyOf(runs);
    }

    /** The next run of {@code model} after the one it is publishing. */
    Instant nextRun(MetOfficeModel model) {
        return runAfter(model.product(), runs.get(model));
    }

    private Due head(MetOfficeModel model) {
        Deque<Due> queue = queues.get(model);
        while (queue.isEmpty()) {
            plan(model, runAfter(model.product(), runs.get(model)));
        }
        return queue.peek();
    }

    /** Queues the files of {@code model}'s run at {@code run}, spread until its next run. */
    private void plan(MetOfficeModel model, Instant run) {
        runs.put(model, run);
        List<ForecastFileSpec> files = config.filesOfRun(model, run, run);
        Duration window = Duration.between(run, runAfter(model.product(), run));
        for (int i = 0; i < files.size(); i++) {
            Instant at = run.plus(window.multipliedBy(i).dividedBy(files.size()));
            queues.get(model).add(new Due(at, model, run, files.get(i), i, files.size()));
        }
    }

    /** The product's latest run at or before {@code t}. */
    static Instant runAtOrBefore(MetOfficeProduct product, Instant t) {
        LocalDate day = t.atZone(ZoneOffset.UTC).toLocalDate();
        for (int back = 0; back < 3; back++) {
            List<Integer> hours = new ArrayList<>(product.runHours());
            for (int i = hours.size() - 1; i >= 0; i--) {
                Instant run = day.minusDays(back).atStartOfDay(ZoneOffset.UTC).plusHours(hours.get(i)).toInstant();
                if (!run.isAfter(t)) {
                    return run;
                }
            }
        }
        throw new IllegalStateException(product.name() + " has no run hours");
    }

    /** The product's first run after {@code run}. */
    static Instant runAfter(MetOfficeProduct product, Instant run) {
        LocalDate day = run.atZone(ZoneOffset.UTC).toLocalDate();
        for (int ahead = 0; ahead < 3; ahead++) {
            for (int hour : product.runHours()) {
                Instant next = day.plusDays(ahead).atStartOfDay(ZoneOffset.UTC).plusHours(hour).toInstant();
                if (next.isAfter(run)) {
                    return next;
                }
            }
        }
        throw new IllegalStateException(product.name() + " has no run hours");
    }
}

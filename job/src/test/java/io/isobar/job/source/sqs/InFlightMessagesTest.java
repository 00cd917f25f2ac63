package io.isobar.job.source.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class InFlightMessagesTest {

    private static final long T0 = 1_750_000_000_000L;

    private final InFlightMessages inFlight = new InFlightMessages();

    private void receiveAndEmit(String... handles) {
        for (String handle : handles) {
            inFlight.received(handle, T0, T0);
            inFlight.emitted(handle, T0);
        }
    }

    @Test
    void messagesEmittedBeforeASnapshotAreFiledUnderItAndDueWhenItCompletes() {
        receiveAndEmit("a", "b");

        assertThat(inFlight.fileUnder(1)).isEqualTo(2);

        assertThat(inFlight.takeCompleted(1)).containsExactlyInAnyOrder("a", "b");
        assertThat(inFlight.stageOf("a")).isEqualTo(InFlightMessages.Stage.DELETING);
    }

    @Test
    void messagesEmittedAfterASnapshotWaitForTheNextOne() {
        receiveAndEmit("a");
        inFlight.fileUnder(1);
        receiveAndEmit("b");

        assertThat(inFlight.takeCompleted(1)).containsExactly("a");
        assertThat(inFlight.stageOf("b")).isEqualTo(InFlightMessages.Stage.EMITTED);

        inFlight.fileUnder(2);
        assertThat(inFlight.takeCompleted(2)).containsExactly("b");
    }

    @Test
    void receivedButNotEmittedMessagesAreNotFiled() {
        inFlight.received("waiting", T0, T0);

        assertThat(inFlight.fileUnder(1)).isZero();
        assertThat(inFlight.takeCompleted(1)).isEmpty();
        assertThat(inFlight.stageOf("waiting")).isEqualTo(InFlightMessages.Stage.RECEIVED);
    }

    @Test
    void completingALaterCheckpointAlsoDeletesWhatEarlierOnesFiled() {
        receiveAndEmit("a");
        inFlight.fileUnder(3);
        receiveAndEmit("b");
        inFlight.fileUnder(4);
        receiveAndEmit("c");
        inFlight.fileUnder(5);
        receiveAndEmit("d");
        inFlight.fileUnder(6);

        // The notices for 3 and 4 never came (skipped, or checkpoint 4 was aborted).
        assertThat(inFlight.takeCompleted(5)).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(inFlight.stageOf("d")).isEqualTo(InFlightMessages.Stage.FILED);

        // A late notice for an earlier checkpoint finds nothing left to delete.
        assertThat(inFlight.takeCompleted(4)).isEmpty();
    }

    @Test
    void aMessageIsDueForDeletionOnlyOnce() {
        receiveAndEmit("a");
        inFlight.fileUnder(1);

        assertThat(inFlight.takeCompleted(1)).containsExactly("a");
        inFlight.fileUnder(2);
        assertThat(inFlight.takeCompleted(2)).isEmpty();
    }

    @Test
    void deletedMessagesAreNoLongerInFlight() {
        receiveAndEmit("a", "b");
        inFlight.received("c", T0 - 5_000, T0);
        assertThat(inFlight.size()).isEqualTo(3);
        assertThat(inFlight.oldestSentTimestampMillis()).isEqualTo(T0 - 5_000);

        inFlight.fileUnder(1);
        List<String> due = inFlight.takeCompleted(1);
        assertThat(inFlight.size()).as("being deleted still counts as in flight").isEqualTo(3);

        inFlight.remove(due);
        assertThat(inFlight.size()).isEqualTo(1);
        assertThat(inFlight.stageOf("a")).isNull();
    }

    @Test
    void aRestoredReaderStartsWithNothingToDelete() {
        receiveAndEmit("a", "b");
        inFlight.fileUnder(7);

        // Receipt handles are not in the checkpoint: the reader restored from checkpoint 7 has its own, empty books.
        InFlightMessages restored = new InFlightMessages();

        assertThat(restored.takeCompleted(7)).isEmpty();
        assertThat(restored.size()).isZero();
        assertThat(restored.oldestSentTimestampMillis()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void messagesWhoseVisibilityWasSetLongEnoughAgoAreDueForExtensionOnce() {
        inFlight.received("old", T0, T0);
        inFlight.received("new", T0, T0 + 50_000);

        assertThat(inFlight.takeDueForExtension(T0 + 10_000, T0 + 60_000)).containsExactly("old");
        // Extended at T0 + 60 s: not due again until that is long enough ago.
        assertThat(inFlight.takeDueForExtension(T0 + 10_000, T0 + 70_000)).isEmpty();
        assertThat(inFlight.takeDueForExtension(T0 + 60_000, T0 + 120_000)).containsExactlyInAnyOrder("old", "new");
    }

    @Test
    void messagesWaitingTooLongAreGivenUpButNotThoseBeingDeleted() {
        receiveAndEmit("deleting");
        inFlight.fileUnder(1);
        inFlight.takeCompleted(1);
        inFlight.received("received", T0, T0);
        receiveAndEmit("filed");
        inFlight.fileUnder(2);
        inFlight.received("fresh", T0, T0 + 10_000);
        inFlight.emitted("fresh", T0 + 10_000);

        assertThat(inFlight.expire(T0 + 1)).isEqualTo(2);

        assertThat(inFlight.stageOf("received")).isNull();
        assertThat(inFlight.stageOf("filed")).isNull();
        assertThat(inFlight.stageOf("deleting")).isEqualTo(InFlightMessages.Stage.DELETING);
        assertThat(inFlight.stageOf("fresh")).isEqualTo(InFlightMessages.Stage.EMITTED);
        assertThat(inFlight.takeCompleted(2)).isEmpty();
        inFlight.fileUnder(3);
        assertThat(inFlight.takeCompleted(3)).containsExactly("fresh");
    }

    @Test
    void anExpiredMessageEmittedLateIsNotFiled() {
        inFlight.received("a", T0, T0);
        inFlight.expire(T0 + 1);

        inFlight.emitted("a", T0 + 2);

        assertThat(inFlight.fileUnder(1)).isZero();
        assertThat(inFlight.size()).isZero();
    }

    @Test
    void closingHandsBackEverythingNotBeingDeleted() {
        receiveAndEmit("deleting");
        inFlight.fileUnder(1);
        inFlight.takeCompleted(1);
        receiveAndEmit("filed");
        inFlight.fileUnder(2);
        receiveAndEmit("emitted");
        inFlight.received("received", T0, T0);

        assertThat(inFlight.takeAllNotDeleting()).containsExactlyInAnyOrder("filed", "emitted", "received");

        assertThat(inFlight.size()).as("the delete in progress goes on").isEqualTo(1);
        assertThat(inFlight.takeCompleted(2)).isEmpty();
    }

    @Test
    void remembersWhetherACheckpointEverCame() {
        assertThat(inFlight.firstEmittedAtMillis()).isEqualTo(-1);
        assertThat(inFlight.snapshotTaken()).isFalse();

        receiveAndEmit("a");
        assertThat(inFlight.firstEmittedAtMillis()).isEqualTo(T0);

        inFlight.fileUnder(1);
        assertThat(inFlight.snapshotTaken()).isTrue();
    }
}

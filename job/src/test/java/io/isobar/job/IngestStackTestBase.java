package io.isobar.job;

import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

import io.isobar.localaws.LocalAws;
import io.isobar.localaws.junit.LocalAwsExtension;

/**
 * What the ingest ITCases on the run's shared emulators set up alike: a fresh {@link IngestTestStack} for each test
 * and, after it, the test's job (if it left one running) cancelled and the stack closed. Subclasses declare their
 * own MiniCluster ({@link IngestTestStack#miniCluster}).
 */
@ExtendWith(LocalAwsExtension.class)
abstract class IngestStackTestBase {

    IngestTestStack stack;
    /** The test's streaming job, if it started one; cancelled after the test. */
    JobClient job;

    @BeforeEach
    void createStack(LocalAws aws) {
        stack = new IngestTestStack(aws);
    }

    @AfterEach
    void cancelJobAndCloseStack() throws Exception {
        IngestTestStack.tearDown(job, stack);
    }
}

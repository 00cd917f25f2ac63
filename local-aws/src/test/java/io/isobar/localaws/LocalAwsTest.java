package io.isobar.localaws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LocalAwsTest {

    /** Valid for S3 buckets (the strictest), SQS queues and DynamoDB tables alike. */
    private static final String VALID_NAME = "[a-z0-9][a-z0-9-]{1,61}[a-z0-9]";

    @Test
    void uniqueNamesKeepACleanedPrefixAndAreValidEverywhere() {
        String name = LocalAws.uniqueName("My_Archive.Bucket!");

        assertThat(name).matches(VALID_NAME).startsWith("my-archive-bucket-");
        assertThat(LocalAws.uniqueName("My_Archive.Bucket!")).isNotEqualTo(name);
    }

    @Test
    void uniqueNamesStayWithin63Characters() {
        assertThat(LocalAws.uniqueName("x".repeat(200))).hasSize(63).matches(VALID_NAME);
        assertThat(LocalAws.uniqueName("a-".repeat(40))).matches(VALID_NAME);
    }

    @Test
    void uniqueNamesNeedNoPrefix() {
        assertThat(LocalAws.uniqueName("")).matches(VALID_NAME);
        assertThat(LocalAws.uniqueName("--")).matches(VALID_NAME);
    }
}

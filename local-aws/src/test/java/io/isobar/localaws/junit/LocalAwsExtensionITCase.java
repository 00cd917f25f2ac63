package io.isobar.localaws.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.isobar.localaws.LocalAws;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;

/** Runs small test classes that use the extension in a nested JUnit run, then checks what they saw. */
class LocalAwsExtensionITCase {

    @Test
    void everyTestClassOfARunGetsTheSameInstanceWhichClosesWhenTheRunEnds() {
        List<Map<String, String>> reports = new ArrayList<>();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        TestExecutionListener collector = new TestExecutionListener() {
            @Override
            public void reportingEntryPublished(TestIdentifier testIdentifier, ReportEntry entry) {
                reports.add(entry.getKeyValuePairs());
            }

            @Override
            public void executionFinished(TestIdentifier testIdentifier, TestExecutionResult result) {
                result.getThrowable().ifPresent(Throwable::printStackTrace);
            }
        };

        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(FirstUser.class), selectClass(SecondUser.class))
                .build(), summary, collector);

        assertThat(summary.getSummary().getTestsSucceededCount()).isEqualTo(3);
        assertThat(summary.getSummary().getTotalFailureCount()).isZero();
        List<String> s3Endpoints = reports.stream().map(r -> r.get("s3")).distinct().toList();
        assertThat(s3Endpoints).hasSize(1);
        assertThat(reports.stream().map(r -> r.get("sqs")).distinct()).hasSize(1);
        assertThat(reports.stream().map(r -> r.get("dynamodb")).distinct()).hasSize(1);

        // The nested run has ended: its root store closed the shared emulators.
        for (String endpoint : reports.get(0).values()) {
            {
                URI uri = URI.create(endpoint);
                assertThatThrownBy(() -> {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 2_000);
                    }
                }).as("%s should be closed after the run", endpoint).isInstanceOf(IOException.class);
            }
        }
    }

    private static void report(TestReporter reporter, LocalAws aws) {
        reporter.publishEntry(Map.of(
                "s3", aws.s3Endpoint().toString(),
                "sqs", aws.sqsEndpoint().toString(),
                "dynamodb", aws.dynamoDbEndpoint().toString()));
    }

    /** Gets the instance as a method parameter; only run by the nested launcher above (surefire skips nested classes). */
    @ExtendWith(LocalAwsExtension.class)
    static class FirstUser {
        @Test
        void parameter(LocalAws aws, TestReporter reporter) {
            report(reporter, aws);
        }

        @Test
        void anotherTest(LocalAws aws, TestReporter reporter) {
            report(reporter, aws);
        }
    }

    /** Gets the instance in a static @BeforeAll and in the constructor. */
    @ExtendWith(LocalAwsExtension.class)
    static class SecondUser {
        private final LocalAws aws;

        SecondUser(LocalAws aws) {
            this.aws = aws;
        }

        @BeforeAll
        static void started(LocalAws aws) {
            assertThat(aws.s3Endpoint()).isNotNull();
        }

        @Test
        void fromConstructor(TestReporter reporter) {
            report(reporter, aws);
        }
    }
}

package io.isobar.cli;

import java.net.URI;
import java.util.Optional;

import io.isobar.aws.AwsSettings;
import io.isobar.cli.local.LocalDefaults;
import picocli.CommandLine.Option;

/**
 * Where a command finds S3, SQS and DynamoDB, the same for every command that talks to them ({@code inspect},
 * {@code keys}, {@code publish}, {@code reconcile}, {@code redrive}, {@code backfill}): the running local stack by
 * default, AWS with {@code --aws}, or any endpoint given explicitly (each overrides its service only).
 */
public final class AwsOptions {

    @Option(names = "--aws", description = "Talk to AWS itself (region and credentials from the usual AWS settings: "
            + "AWS_REGION, AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) instead of the local stack (the default).")
    boolean aws;

    @Option(names = "--region", description = "AWS region (default: ${DEFAULT-VALUE}).", defaultValue = "${env:AWS_REGION:-eu-west-2}")
    String region;

    @Option(names = "--s3-endpoint", paramLabel = "URL", description = "S3 endpoint (default: the local stack's, or AWS with --aws).")
    URI s3Endpoint;

    @Option(names = "--sqs-endpoint", paramLabel = "URL", description = "SQS endpoint (default: the local stack's, or AWS with --aws).")
    URI sqsEndpoint;

    @Option(names = "--dynamodb-endpoint", paramLabel = "URL",
            description = "DynamoDB endpoint (default: the local stack's, or AWS with --aws).")
    URI dynamoDbEndpoint;

    /** Whether {@code --aws} was given. */
    public boolean isAws() {
        return aws;
    }

    /** The settings: local stack defaults unless {@code --aws}; explicit endpoints always win. */
    public AwsSettings settings() {
        AwsSettings base = aws ? AwsSettings.aws(region) : localStack();
        return new AwsSettings(aws ? region : base.region(),
                or(s3Endpoint, base.s3Endpoint()), or(sqsEndpoint, base.sqsEndpoint()), or(dynamoDbEndpoint, base.dynamoDbEndpoint()),
                base.credentials());
    }

    /** The running local stack's emulators, on their default ports. */
    static AwsSettings localStack() {
        return AwsSettings.local(LocalDefaults.endpoint(LocalDefaults.S3_PORT), LocalDefaults.endpoint(LocalDefaults.SQS_PORT),
                LocalDefaults.endpoint(LocalDefaults.DYNAMODB_PORT));
    }

    private static Optional<URI> or(URI explicit, Optional<URI> fallback) {
        return explicit != null ? Optional.of(explicit) : fallback;
    }
}

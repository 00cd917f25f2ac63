package io.isobar.aws;

import java.io.Serializable;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and as whom Isobar talks to AWS: the region, optional endpoint overrides (the local emulators)
 * and optional static credentials (the emulators accept any).
 *
 * <p>With no overrides the SDK's defaults apply: the regional endpoints and the default credentials
 * provider chain (environment, profile, container or instance role).
 *
 * <p>Serializable, so Flink operators can carry it into the job graph and build their clients on the task
 * managers; that is why it is a class keeping nullable fields behind {@code Optional} accessors ({@code Optional}
 * is not serializable). {@link #toString} never prints the secret key.
 */
public final class AwsSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    /** An access key pair, only for emulators and tests; real deployments use roles. */
    public record StaticCredentials(String accessKeyId, String secretAccessKey) implements Serializable {

        public StaticCredentials {
            Objects.requireNonNull(accessKeyId, "accessKeyId");
            Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        }

        /** Never prints the secret: settings end up in logs and in job descriptions. */
        @Override
        public String toString() {
            return "StaticCredentials[accessKeyId=" + accessKeyId + ", secretAccessKey=***]";
        }
    }

    public static final String LOCAL_REGION = "eu-west-2";
    // DynamoDB Local accepts only letters and digits in access key ids.
    private static final StaticCredentials LOCAL_CREDENTIALS = new StaticCredentials("isobarlocal", "isobarlocal");

    private final String region;
    private final URI s3Endpoint;
    private final URI sqsEndpoint;
    private final URI dynamoDbEndpoint;
    private final StaticCredentials credentials;

    public AwsSettings(String region, Optional<URI> s3Endpoint, Optional<URI> sqsEndpoint,
                       Optional<URI> dynamoDbEndpoint, Optional<StaticCredentials> credentials) {
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("an AWS region is required");
        }
        this.region = region;
        this.s3Endpoint = s3Endpoint.orElse(null);
        this.sqsEndpoint = sqsEndpoint.orElse(null);
        this.dynamoDbEndpoint = dynamoDbEndpoint.orElse(null);
        this.credentials = credentials.orElse(null);
    }

    /** AWS itself, in {@code region}, with the default credentials chain. */
    public static AwsSettings aws(String region) {
        return new AwsSettings(region, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Emulators on the given endpoints, with throw-away credentials. */
    public static AwsSettings local(URI s3, URI sqs, URI dynamoDb) {
        return new AwsSettings(LOCAL_REGION, Optional.of(s3), Optional.of(sqs), Optional.of(dynamoDb),
                Optional.of(LOCAL_CREDENTIALS));
    }

    public String region() {
        return region;
    }

    public Optional<URI> s3Endpoint() {
        return Optional.ofNullable(s3Endpoint);
    }

    public Optional<URI> sqsEndpoint() {
        return Optional.ofNullable(sqsEndpoint);
    }

    public Optional<URI> dynamoDbEndpoint() {
        return Optional.ofNullable(dynamoDbEndpoint);
    }

    public Optional<StaticCredentials> credentials() {
        return Optional.ofNullable(credentials);
    }

    /** True when any endpoint is overridden, i.e. we talk to emulators rather than AWS. */
    public boolean isLocal() {
        return s3Endpoint != null || sqsEndpoint != null || dynamoDbEndpoint != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AwsSettings other && region.equals(other.region)
                && Objects.equals(s3Endpoint, other.s3Endpoint) && Objects.equals(sqsEndpoint, other.sqsEndpoint)
                && Objects.equals(dynamoDbEndpoint, other.dynamoDbEndpoint)
                && Objects.equals(credentials, other.credentials);
    }

    @Override
    public int hashCode() {
        return Objects.hash(region, s3Endpoint, sqsEndpoint, dynamoDbEndpoint, credentials);
    }

    /** Never prints the secret key (see {@link StaticCredentials#toString}). */
    @Override
    public String toString() {
        return "AwsSettings[region=" + region + ", s3Endpoint=" + s3Endpoint() + ", sqsEndpoint=" + sqsEndpoint()
                + ", dynamoDbEndpoint=" + dynamoDbEndpoint() + ", credentials=" + credentials() + "]";
    }
}

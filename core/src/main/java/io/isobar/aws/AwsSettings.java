package io.isobar.aws;

import java.net.URI;
import java.util.Optional;

/**
 * Where and as whom Isobar talks to AWS: the region, optional endpoint overrides (the local emulators)
 * and optional static credentials (the emulators accept any).
 *
 * <p>With no overrides the SDK's defaults apply: the regional endpoints and the default credentials
 * provider chain (environment, profile, container or instance role).
 */
public record AwsSettings(
        String region,
        Optional<URI> s3Endpoint,
        Optional<URI> sqsEndpoint,
        Optional<URI> dynamoDbEndpoint,
        Optional<StaticCredentials> credentials) {

    /** An access key pair, only for emulators and tests; real deployments use roles. */
    public record StaticCredentials(String accessKeyId, String secretAccessKey) {

        /** Never prints the secret: settings end up in logs and in job descriptions. */
        @Override
        public String toString() {
            return "StaticCredentials[accessKeyId=" + accessKeyId + ", secretAccessKey=" + (secretAccessKey == null ? null : "***") + "]";
        }
    }

    public static final String LOCAL_REGION = "eu-west-2";
    // DynamoDB Local accepts only letters and digits in access key ids.
    private static final StaticCredentials LOCAL_CREDENTIALS = new StaticCredentials("isobarlocal", "isobarlocal");

    /** AWS itself, in {@code region}, with the default credentials chain. */
    public static AwsSettings aws(String region) {
        return new AwsSettings(region, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Emulators on the given endpoints, with throw-away credentials. */
    public static AwsSettings local(URI s3, URI sqs, URI dynamoDb) {
        return new AwsSettings(LOCAL_REGION, Optional.of(s3), Optional.of(sqs), Optional.of(dynamoDb),
                Optional.of(LOCAL_CREDENTIALS));
    }

    /** True when any endpoint is overridden, i.e. we talk to emulators rather than AWS. */
    public boolean isLocal() {
        return s3Endpoint.isPresent() || sqsEndpoint.isPresent() || dynamoDbEndpoint.isPresent();
    }
}

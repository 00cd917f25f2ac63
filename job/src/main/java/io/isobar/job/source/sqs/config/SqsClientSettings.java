package io.isobar.job.source.sqs.config;

import io.isobar.aws.AwsSettings;

import org.apache.flink.annotation.Internal;

import java.io.Serializable;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * The part of {@link AwsSettings} an SQS client needs, in a form that survives Java serialization into the job
 * graph ({@code AwsSettings} holds {@code Optional}s, which are not serializable); readers rebuild the client from
 * it.
 *
 * @param region          the AWS region, e.g. {@code eu-west-2}
 * @param endpoint        the SQS endpoint override (an emulator), or {@code null} for the regional endpoint
 * @param accessKeyId     a static access key id (emulators only), or {@code null} for the default credentials chain
 * @param secretAccessKey the matching secret, or {@code null}
 */
@Internal
public record SqsClientSettings(String region, URI endpoint, String accessKeyId, String secretAccessKey)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    public SqsClientSettings {
        Objects.requireNonNull(region, "region");
        if ((accessKeyId == null) != (secretAccessKey == null)) {
            throw new IllegalArgumentException("Static credentials need both an access key id and a secret");
        }
    }

    /** The SQS settings out of {@code settings}. */
    public static SqsClientSettings of(AwsSettings settings) {
        Objects.requireNonNull(settings, "settings");
        return new SqsClientSettings(
                settings.region(),
                settings.sqsEndpoint().orElse(null),
                settings.credentials().map(AwsSettings.StaticCredentials::accessKeyId).orElse(null),
                settings.credentials().map(AwsSettings.StaticCredentials::secretAccessKey).orElse(null));
    }

    /** Back to {@link AwsSettings}, for {@link io.isobar.aws.AwsClients#sqs(AwsSettings)}. */
    public AwsSettings toAwsSettings() {
        Optional<AwsSettings.StaticCredentials> credentials = accessKeyId == null
                ? Optional.empty()
                : Optional.of(new AwsSettings.StaticCredentials(accessKeyId, secretAccessKey));
        return new AwsSettings(region, Optional.empty(), Optional.ofNullable(endpoint), Optional.empty(), credentials);
    }

    /** Never prints the secret: this object ends up in logs and in the job graph's description. */
    @Override
    public String toString() {
        return "SqsClientSettings[region=" + region
                + ", endpoint=" + (endpoint == null ? "default" : endpoint)
                + ", credentials=" + (accessKeyId == null ? "default chain" : "static " + accessKeyId) + "]";
    }
}

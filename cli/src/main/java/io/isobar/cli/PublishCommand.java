package io.isobar.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;

import io.isobar.aws.AwsClients;
import io.isobar.aws.AwsSettings;
import io.isobar.aws.S3Uri;
import io.isobar.cli.local.LocalDefaults;
import io.isobar.model.MetOfficeKey;
import io.isobar.model.MetOfficeProduct;
import io.isobar.model.MetOfficeProducts;
import io.isobar.model.ModelNames;
import io.isobar.netcdf.HeaderException;
import io.isobar.netcdf.bytes.LocalFileSource;
import io.isobar.netcdf.NetcdfHeader;
import io.isobar.netcdf.header.NetcdfHeaderReader;
import io.isobar.notification.MetOfficeMessage;
import io.isobar.notification.MetOfficeNotifications;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code isobar publish}: does what the Met Office does for a new file: uploads it to the source bucket
 * and announces it on the queue, with the notification built from the file's own header.
 */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {"Uploads netCDF files to the Met Office bucket and announces them on the ingest queue.",
                "The notifications are built from each file's header, in the Met Office's SNS-envelope format;",
                "by default against the running local stack. Works for real Met Office files."})
public final class PublishCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "netCDF-4 files to publish.")
    List<Path> files;

    @Option(names = "--bucket", defaultValue = LocalDefaults.SOURCE_BUCKET,
            description = "Bucket to upload to (default: ${DEFAULT-VALUE}, the local stack's Met Office bucket).")
    String bucket;

    @Option(names = "--queue-url", paramLabel = "URL",
            description = "Queue to notify (default: the local stack's ingest queue on the SQS endpoint).")
    String queueUrl;

    @Option(names = "--model", description = "Model to announce when the file does not say (no mosg__model_configuration).")
    String model;

    @Option(names = "--raw", description = "Send the Met Office JSON as the body (SNS raw message delivery) instead of the envelope.")
    boolean raw;

    @Mixin
    CommandOptions options;

    @Override
    public Integer call() throws Exception {
        AwsSettings settings = options.aws().settings();
        String queue = queueUrl != null ? queueUrl
                : LocalDefaults.queueUrl(settings.sqsEndpoint().orElseThrow(
                        () -> new IllegalArgumentException("--queue-url is required with --aws")), LocalDefaults.QUEUE);
        NetcdfHeaderReader reader = new NetcdfHeaderReader();
        int failures = 0;
        try (S3Client s3 = AwsClients.s3(settings); SqsClient sqs = AwsClients.sqs(settings)) {
            for (Path file : files) {
                try {
                    String uri = publish(file, reader, s3, sqs, queue);
                    options.out().println("published " + file + " -> " + uri);
                } catch (IOException | IllegalArgumentException | SdkException e) {
                    failures++;
                    options.failed(file, e);
                }
            }
        }
        return failures == 0 ? 0 : 1;
    }

    private String publish(Path file, NetcdfHeaderReader reader, S3Client s3, SqsClient sqs, String queue) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new HeaderException(HeaderException.Reason.NOT_FOUND, file.toString(), "no such file");
        }
        NetcdfHeader header;
        try (LocalFileSource source = LocalFileSource.open(file)) {
            header = reader.read(source);
        }
        String canonical = header.modelOr(ModelNames.normalise(model));
        if (canonical == null) {
            throw new IllegalArgumentException(file + ": the file does not name its model (no mosg__model_configuration); "
                    + "give one with --model");
        }
        String key = keyFor(file, header, canonical, bucket);
        long size = Files.size(file);
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file));
        String feedModel = "mo-atmospheric-" + canonical + "-prd";
        Instant now = Instant.now();
        MetOfficeMessage message = MetOfficeNotifications.message(
                MetOfficeNotifications.fromHeader(header, feedModel, bucket, key, size, now), now);
        String body = raw
                ? MetOfficeNotifications.toJson(message)
                : MetOfficeNotifications.snsEnvelope(message, MetOfficeNotifications.topicArn(feedModel), UUID.randomUUID(), now);
        sqs.sendMessage(b -> b.queueUrl(queue).messageBody(body));
        return new S3Uri(bucket, key).toString();
    }

    /**
     * The key the Met Office would use in {@code bucket}: the product's 2026 layout ({@code uk-deterministic-2km/RUN/...},
     * the ensembles' dated run folders, the blends' {@code VALID-B{BLEND}-...}, in a folder named for the blend outside
     * its own bucket), with the variable as the parameter; the retired buckets' {@code <sha1>.nc} for a model the table
     * does not know.
     */
    static String keyFor(Path file, NetcdfHeader header, String model, String bucket) throws IOException {
        Optional<MetOfficeProduct> product = MetOfficeProducts.byName(model);
        if (product.isPresent() && product.get().keys() != MetOfficeProduct.KeyLayout.SHA1) {
            return MetOfficeKey.path(product.get(), bucket, header.forecastReferenceTime(), header.forecastPeriod(),
                    header.variable());
        }
        return sha1(file) + ".nc";
    }

    private static String sha1(Path file) throws IOException {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-1"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is always available", e);
        }
    }
}

package io.isobar.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.isobar.aws.AwsClients;
import io.isobar.aws.AwsSettings;
import io.isobar.aws.S3Uri;
import io.isobar.json.Json;
import io.isobar.netcdf.bytes.ByteSource;
import io.isobar.netcdf.HeaderException;
import io.isobar.netcdf.bytes.LocalFileSource;
import io.isobar.netcdf.NetcdfHeader;
import io.isobar.netcdf.header.NetcdfHeaderReader;
import io.isobar.netcdf.bytes.S3ByteSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code isobar inspect}: prints what a forecast file's header says, as JSON, reading only the header
 * (ranged GETs for {@code s3://} objects).
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Prints the header metadata of netCDF-4 files as JSON, reading only the header.",
                "Takes local paths or s3://BUCKET/KEY (as the API's uri fields give them); one file prints an object, several an array.",
                "s3:// objects are read from the running local stack unless --aws or --s3-endpoint say otherwise."})
public final class InspectCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE|s3://BUCKET/KEY", description = "Files or S3 objects to inspect.")
    List<String> targets;

    /** Kept so that scripts written when AWS was the default still run: the local stack is the default now. */
    @Option(names = "--local", hidden = true)
    boolean local;

    @Mixin
    CommandOptions options;

    @Override
    public Integer call() throws Exception {
        NetcdfHeaderReader reader = new NetcdfHeaderReader();
        List<ObjectNode> results = new ArrayList<>();
        int failures = 0;
        S3Client s3 = null;
        try {
            for (String target : targets) {
                try {
                    if (target.startsWith(S3Uri.PREFIX)) {
                        if (s3 == null) {
                            s3 = AwsClients.s3(s3Settings());
                        }
                        results.add(inspect(reader, s3Source(s3, target)));
                    } else {
                        Path file = Path.of(target);
                        if (!Files.isRegularFile(file)) {
                            throw new HeaderException(HeaderException.Reason.NOT_FOUND, target,
                                    Files.isDirectory(file) ? "is a directory" : "no such file");
                        }
                        results.add(inspect(reader, LocalFileSource.open(file)));
                    }
                } catch (IOException | IllegalArgumentException | SdkException e) {
                    failures++;
                    options.failed(target, e);
                }
            }
        } finally {
            if (s3 != null) {
                s3.close();
            }
        }
        if (!results.isEmpty()) {
            Object out = targets.size() == 1 ? results.get(0) : results;
            options.out().println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));
        }
        return failures == 0 ? 0 : 1;
    }

    private static ObjectNode inspect(NetcdfHeaderReader reader, ByteSource source) throws IOException {
        try (source) {
            NetcdfHeader header = reader.read(source);
            ObjectNode node = Json.mapper().createObjectNode();
            node.put("uri", source.uri());
            node.put("size_bytes", source.size());
            node.setAll((ObjectNode) Json.mapper().valueToTree(header));
            return node;
        }
    }

    private AwsSettings s3Settings() {
        return options.aws().settings();
    }

    private static S3ByteSource s3Source(S3Client s3, String uri) {
        S3Uri object = S3Uri.parseObject(uri);
        return S3ByteSource.of(s3, object.bucket(), object.key());
    }

}

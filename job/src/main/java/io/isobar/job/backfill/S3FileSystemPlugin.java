package io.isobar.job.backfill;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.plugin.DefaultPluginManager;
import org.apache.flink.core.plugin.DirectoryBasedPluginFinder;
import org.apache.flink.core.plugin.PluginDescriptor;

import io.isobar.aws.AwsSettings;

/**
 * Gives this JVM's Flink (an in-process MiniCluster) its S3 file system, so that a backfill's
 * {@code FileSource} can list {@code s3://} paths: Flink's {@code flink-s3-fs-hadoop}, loaded as a plugin from
 * a plugins folder ({@code plugins/s3-fs-hadoop/*.jar}) in its own class loader, as a Flink cluster loads it.
 * It bundles Hadoop, Guava, Jackson and AWS SDK v1 unshaded, so it must never be on the class path itself.
 *
 * <p>A real cluster needs none of this: its {@code plugins/} folder and {@code s3.*} settings do the same.
 */
public final class S3FileSystemPlugin {

    /** The folder, inside a plugins folder, that holds the plugin's jar. */
    public static final String PLUGIN_FOLDER = "s3-fs-hadoop";

    private S3FileSystemPlugin() {}

    /** Flink's {@code s3.*} settings for {@code settings}: the endpoint (path-style) and static credentials if any. */
    public static Configuration configuration(AwsSettings settings) {
        Configuration conf = new Configuration();
        conf.setString("s3.endpoint.region", settings.region());
        settings.s3Endpoint().ifPresent(endpoint -> {
            conf.setString("s3.endpoint", endpoint.toString());
            // Emulators cannot resolve bucket host names: address buckets in the path.
            conf.setString("s3.path.style.access", "true");
        });
        settings.credentials().ifPresent(c -> {
            conf.setString("s3.access-key", c.accessKeyId());
            conf.setString("s3.secret-key", c.secretAccessKey());
        });
        return conf;
    }

    /**
     * Initialises Flink's file systems in this JVM with the S3 plugin from {@code pluginsDir} and the S3
     * settings for {@code settings}. Flink keeps file systems in one JVM-wide registry: call it before
     * starting the MiniCluster that runs the backfill.
     *
     * @throws IllegalStateException when {@code pluginsDir} holds no {@value #PLUGIN_FOLDER} plugin
     */
    public static void initialize(AwsSettings settings, Path pluginsDir) throws IOException {
        Path folder = pluginsDir.resolve(PLUGIN_FOLDER);
        if (!Files.isDirectory(folder)) {
            throw new IllegalStateException("Flink's S3 file system (flink-s3-fs-hadoop) is not in " + folder
                    + ": build with `mvn package` (it copies the plugin there), or set FLINK_PLUGINS_DIR to a folder holding "
                    + PLUGIN_FOLDER + "/");
        }
        Configuration conf = configuration(settings);
        Collection<PluginDescriptor> plugins = new DirectoryBasedPluginFinder(pluginsDir).findPlugins();
        FileSystem.initialize(conf, new DefaultPluginManager(plugins, CoreOptions.getPluginParentFirstLoaderPatterns(conf)));
    }

    /**
     * Where the plugins are: {@code FLINK_PLUGINS_DIR} if set, else a {@code plugins} folder beside the jar (or
     * classes folder) that {@code anchor} was loaded from, which is where the build puts it.
     */
    public static Optional<Path> findPluginsDir(Class<?> anchor) {
        String env = System.getenv("FLINK_PLUGINS_DIR");
        if (env != null && !env.isBlank()) {
            return Optional.of(Path.of(env));
        }
        try {
            Path codeLocation = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path beside = codeLocation.getParent().resolve("plugins");
            return Files.isDirectory(beside) ? Optional.of(beside) : Optional.empty();
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }
}

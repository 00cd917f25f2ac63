package io.isobar.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Terraform module checked by Terraform itself, offline: {@code terraform fmt -check}, {@code validate}, and
 * {@code terraform test}, which plans and applies the whole stack against a mock AWS provider and runs every
 * {@code tests/*.tftest.hcl} (whoever adds one, it joins here). The module is copied to a temporary folder first,
 * exactly as a clean copy of {@code terraform/} would be, so nothing outside the folder can be relied on and no
 * {@code .terraform} directory is left in the source tree.
 *
 * <p>Needs {@code terraform} on the PATH and the AWS provider in a local plugin folder ({@code ISOBAR_TF_PLUGIN_DIR},
 * default {@code /opt/tf-plugins}, searched for {@code terraform-provider-aws_*}). Without them the checks are
 * skipped with a message, except under {@code CI=true}, where a machine of this kind must have them: they fail.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TerraformCliITCase {

    private static final long TIMEOUT_MINUTES = 5;

    @TempDir
    static Path work;
    private static Path module;
    private static Path plugins;

    @BeforeAll
    static void copyAndInit() throws Exception {
        Optional<Path> terraform = onPath("terraform");
        Optional<Path> pluginDir = pluginDir();
        String missing = terraform.isEmpty() ? "terraform is not on the PATH"
                : pluginDir.isEmpty() ? "no terraform-provider-aws_* under " + pluginRoot() + " (set ISOBAR_TF_PLUGIN_DIR)" : null;
        if (missing != null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI=true and " + missing + ": this kind of machine must be able to run the "
                        + "Terraform checks (Terraform 1.11 and the AWS provider in a local plugin folder)");
            }
            Assumptions.abort("Terraform checks skipped: " + missing);
        }
        plugins = pluginDir.get();
        module = work.resolve("terraform");
        copyModule(TerraformModule.DIR, module);
        run("init", "-backend=false", "-input=false", "-plugin-dir=" + plugins);
    }

    @Test
    @Order(1)
    void isFormatted() throws Exception {
        run("fmt", "-check", "-recursive", "-diff");
    }

    @Test
    @Order(2)
    void validates() throws Exception {
        run("validate");
    }

    @Test
    @Order(3)
    void everyTerraformTestPasses() throws Exception {
        List<Path> tests;
        try (Stream<Path> files = Files.list(module.resolve("tests"))) {
            tests = files.filter(f -> f.getFileName().toString().endsWith(".tftest.hcl")).toList();
        }
        assertThat(tests).as("terraform/tests/*.tftest.hcl").isNotEmpty();
        String output = run("test");
        for (Path test : tests) {
            assertThat(output).as("terraform test ran %s", test.getFileName())
                    .contains("tests/" + test.getFileName() + "... pass");
        }
    }

    /** Runs {@code terraform ARGS} in the copied module; its output, or an assertion failure showing it. */
    private static String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("terraform"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(module.toFile()).redirectErrorStream(true);
        builder.environment().put("TF_IN_AUTOMATION", "1");
        builder.environment().put("NO_COLOR", "1");
        builder.environment().put("CHECKPOINT_DISABLE", "1"); // no version check over the network
        builder.environment().put("TF_CLI_ARGS", "-no-color");
        Path log = Files.createTempFile(work, "terraform-", ".log");
        Process process = builder.redirectOutput(log.toFile()).start();
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("terraform " + String.join(" ", args) + " did not finish in " + TIMEOUT_MINUTES
                    + " minutes:\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("exit code of terraform %s; output:%n%s", String.join(" ", args), output).isZero();
        return output;
    }

    /** The module's own files (what a clean copy of terraform/ holds), without the Maven build's. */
    private static void copyModule(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path relative = from.relativize(source);
                String first = relative.getNameCount() == 0 ? "" : relative.getName(0).toString();
                if (first.equals("src") || first.equals("target") || first.equals("pom.xml") || first.startsWith(".terraform")
                        || first.equals("terraform.tfstate") || first.equals("terraform.tfvars")) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(java.io.File.pathSeparator)).map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable).findFirst();
    }

    private static Path pluginRoot() {
        return Path.of(Optional.ofNullable(System.getenv("ISOBAR_TF_PLUGIN_DIR")).orElse("/opt/tf-plugins"));
    }

    /** The folder to pass as -plugin-dir: the one holding registry.terraform.io/... with the AWS provider under it. */
    private static Optional<Path> pluginDir() {
        Path root = pluginRoot();
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith("terraform-provider-aws_"))
                    ? Optional.of(root) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.isobar.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The query service image runs the packaged jar as an unprivileged user, checks {@code /health}, and listens on the
 * port the load balancer's target group and the task definition use.
 */
class DockerfileTest {

    private static final Path SERVICE = TerraformModule.REPO.resolve("query-service");

    private final String dockerfile = read(SERVICE.resolve("Dockerfile"));
    private final List<String> instructions = instructions(dockerfile);

    @Test
    void runsAsAnUnprivilegedUser() {
        List<String> users = instructions.stream().filter(i -> i.startsWith("USER ")).toList();
        assertThat(users).as("USER instructions").isNotEmpty();
        String user = users.get(users.size() - 1).substring("USER ".length()).trim().split(":")[0];
        assertThat(user).as("the last USER").isNotIn("root", "0");
        int last = instructions.indexOf(users.get(users.size() - 1));
        assertThat(instructions.subList(last, instructions.size())).as("nothing runs as root after USER")
                .noneMatch(i -> i.startsWith("RUN "));
    }

    @Test
    void checksHealth() {
        assertThat(instructions).anySatisfy(i -> {
            assertThat(i).startsWith("HEALTHCHECK ");
            assertThat(i).contains("/health").contains("CMD");
        });
        String targetGroup = read(TerraformModule.DIR.resolve("query_service.tf"));
        assertThat(targetGroup).contains("path                = \"/health\"");
    }

    @Test
    void listensWhereTheLoadBalancerSends() {
        TerraformModule module = TerraformModule.load();
        String port = TerraformModule.text(module.locals().get("query_service_port"));
        assertThat(instructions).contains("EXPOSE " + port);
        assertThat(instructions).anySatisfy(i -> assertThat(i).startsWith("ENV ").contains("PORT=" + port)
                .contains("ISOBAR_HOST=0.0.0.0"));
    }

    @Test
    void runsTheJarTheBuildMakes() {
        String pom = read(SERVICE.resolve("pom.xml"));
        Matcher finalName = Pattern.compile("<finalName>([^<]+)</finalName>").matcher(pom);
        assertThat(finalName.find()).as("query-service/pom.xml sets a finalName").isTrue();
        String jar = finalName.group(1) + ".jar";
        assertThat(pom).contains("<mainClass>io.isobar.query.QueryService</mainClass>").contains("<classpathPrefix>lib/</classpathPrefix>")
                .contains("<goal>copy-dependencies</goal>");
        assertThat(instructions).contains("COPY target/" + jar + " /app/" + jar, "COPY target/lib/ /app/lib/");
        assertThat(instructions).anySatisfy(i -> assertThat(i).startsWith("ENTRYPOINT [\"java\"").contains("\"-jar\", \"/app/" + jar + "\""));
        assertThat(read(SERVICE.resolve(".dockerignore"))).contains("!target/" + jar, "!target/lib/");
    }

    /** The Dockerfile's instructions, continuation lines joined and comments dropped. */
    private static List<String> instructions(String dockerfile) {
        return List.of(dockerfile.replaceAll("\\\\\\n\\s*", " ").split("\n")).stream().map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).map(l -> l.replaceAll("\\s+", " ")).toList();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}

package io.isobar.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import io.isobar.terraform.TerraformModule.Declared;
import io.isobar.terraform.TerraformModule.TfFile;

/** Every {@code .tf} file parses as HCL (hcl4j), declares nothing twice, and states its versions and documentation. */
class HclSyntaxTest {

    private final TerraformModule module = TerraformModule.load();

    @TestFactory
    Stream<DynamicTest> everyFileParses() {
        return module.files().stream().map(f -> DynamicTest.dynamicTest(f.name(), () -> {
            assertThat(f.failure())
                    .as("%s does not parse as HCL: %s", f.name(), f.failure().map(Exception::toString).orElse(""))
                    .isEmpty();
            assertThat(f.parsed()).as("%s declares nothing", f.name()).isNotEmpty();
        }));
    }

    @Test
    void theExampleVariablesFileParses() {
        TfFile example = TerraformModule.parse(TerraformModule.DIR.resolve("terraform.tfvars.example"));
        assertThat(example.failure()).as("terraform.tfvars.example: %s", example.failure()).isEmpty();
        List<String> declared = module.variableDeclarations().stream().map(Declared::address).toList();
        assertThat(example.parsed().keySet()).as("terraform.tfvars.example sets only declared variables").allMatch(declared::contains);
    }

    @Test
    void nothingIsDeclaredTwice() {
        List<Declared> all = new ArrayList<>();
        module.resourceDeclarations().forEach(d -> all.add(new Declared("resource." + d.address(), d.file(), d.body())));
        module.dataDeclarations().forEach(d -> all.add(new Declared("data." + d.address(), d.file(), d.body())));
        module.variableDeclarations().forEach(d -> all.add(new Declared("var." + d.address(), d.file(), d.body())));
        module.localDeclarations().forEach(d -> all.add(new Declared("local." + d.address(), d.file(), d.body())));
        module.outputDeclarations().forEach(d -> all.add(new Declared("output." + d.address(), d.file(), d.body())));
        Map<String, Long> counts = all.stream().collect(Collectors.groupingBy(Declared::address, Collectors.counting()));
        assertThat(counts).as("declared more than once").allSatisfy((address, n) -> assertThat(n).as(address).isEqualTo(1L));
    }

    @Test
    void versionsArePinned() {
        Map<String, Object> terraform = module.terraformSettings();
        assertThat(TerraformModule.text(terraform.get("required_version"))).isEqualTo(">= 1.5.0");
        Map<String, Object> aws = TerraformModule.block(terraform, "required_providers", "terraform").entrySet().stream()
                .filter(e -> e.getKey().equals("aws")).map(e -> TerraformModule.asBlocks(e.getValue()).get(0)).findFirst()
                .orElseThrow(() -> new AssertionError("required_providers has no aws"));
        assertThat(TerraformModule.text(aws.get("source"))).isEqualTo("hashicorp/aws");
        assertThat(TerraformModule.text(aws.get("version"))).startsWith("~> 5.");
    }

    @Test
    void variablesAndOutputsAreDocumented() {
        assertThat(module.variableDeclarations()).isNotEmpty().allSatisfy(v -> {
            assertThat(v.body()).as("variable %s needs a description", v.address()).containsKey("description");
            assertThat(v.body()).as("variable %s needs a type", v.address()).containsKey("type");
        });
        assertThat(module.outputDeclarations()).isNotEmpty().allSatisfy(o ->
                assertThat(o.body()).as("output %s needs a description", o.address()).containsKeys("description", "value"));
    }

    @Test
    void theIssueListsTheseOutputs() {
        assertThat(module.outputDeclarations().stream().map(Declared::address))
                .contains("api_url", "queue_url", "table_names", "flink_application_name");
    }

    @Test
    void stateAndSecretsStayOutOfTheRepository() throws Exception {
        List<String> ignored = Files.readAllLines(TerraformModule.DIR.resolve(".gitignore"));
        assertThat(ignored).contains(".terraform/", "*.tfstate", "*.tfstate.*", "terraform.tfvars", "backend.hcl");
    }
}

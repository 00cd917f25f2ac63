package io.isobar.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.isobar.terraform.HclReferences.Reference;
import io.isobar.terraform.TerraformModule.Declared;

/**
 * Every reference to a variable, local, resource, data source, module or provider configuration is declared, and
 * everything declared is used: what {@code terraform validate} would catch first.
 */
class ReferencesTest {

    private final TerraformModule module = TerraformModule.load();
    private final List<Reference> references = module.files().stream()
            .flatMap(f -> HclReferences.scan(f.name(), f.text()).stream()).toList();

    @Test
    void theScannerSeesReferencesInsideFunctionsTemplatesAndHeredocs() {
        String hcl = """
                # var.in_comment
                x = merge(var.a, { b = "${local.c}-${aws_s3_bucket.d.arn}/*" })
                y = <<-EOT
                  text var.not_code ${data.aws_region.e.name} %{ if var.f }yes%{ endif }
                EOT
                z = "$${var.escaped} \\" ${module.g.out}"
                w = [for s in var.h : s.bucket]
                v = aws_sqs_queue.q[0].arn
                """;
        assertThat(HclReferences.scan("test.tf", hcl).stream().map(Reference::traversal))
                .containsExactly("var.a", "local.c", "aws_s3_bucket.d.arn", "data.aws_region.e.name", "var.f",
                        "module.g.out", "var.h", "s.bucket", "aws_sqs_queue.q");
    }

    @Test
    void everyReferenceIsDeclared() {
        Set<String> variables = addresses(module.variableDeclarations());
        Set<String> locals = addresses(module.localDeclarations());
        Set<String> resources = addresses(module.resourceDeclarations());
        Set<String> data = addresses(module.dataDeclarations());
        Set<String> modules = addresses(module.moduleDeclarations());
        Set<String> providerConfigurations = new HashSet<>(module.providerConfigurations());
        List<String> providers = module.requiredProviders();
        assertThat(providers).as("required_providers").isNotEmpty();

        List<String> undeclared = new ArrayList<>();
        int checked = 0;
        for (Reference r : references) {
            List<String> parts = r.parts();
            String root = r.root();
            String missing = null;
            if (r.topLevelBlock().equals("moved")) {
                continue; // a moved block's "from" names an address that is, by design, no longer declared
            } else if (root.equals("var")) {
                missing = variables.contains(parts.get(1)) ? null : "variable " + parts.get(1);
            } else if (root.equals("local")) {
                missing = locals.contains(parts.get(1)) ? null : "local " + parts.get(1);
            } else if (root.equals("module")) {
                missing = modules.contains(parts.get(1)) ? null : "module " + parts.get(1);
            } else if (root.equals("data")) {
                String address = parts.size() > 2 ? parts.get(1) + "." + parts.get(2) : r.traversal();
                missing = data.contains(address) ? null : "data source " + address;
            } else if (providers.contains(root)) {
                // provider = aws.met_office
                missing = providerConfigurations.contains(root + "." + parts.get(1)) ? null : "provider configuration " + r.traversal();
            } else if (providers.stream().anyMatch(p -> root.startsWith(p + "_"))) {
                String address = root + "." + parts.get(1);
                missing = resources.contains(address) ? null : "resource " + address;
            } else {
                continue; // each.value, count.index, path.module, for-expression and dynamic-block iterators
            }
            checked++;
            if (missing != null) {
                undeclared.add(r.where() + ": " + r.traversal() + " refers to an undeclared " + missing);
            }
        }
        assertThat(checked).as("references checked").isGreaterThan(100);
        assertThat(undeclared).as("undeclared references").isEmpty();
    }

    @Test
    void everyVariableLocalAndDataSourceIsUsed() {
        // A variable's own validation block does not count as a use.
        Set<String> used = references.stream().filter(r -> !r.topLevelBlock().equals("variable"))
                .map(r -> r.root().equals("data") && r.parts().size() > 2 ? "data." + r.parts().get(1) + "." + r.parts().get(2)
                        : r.parts().get(0) + "." + r.parts().get(1))
                .collect(Collectors.toSet());
        Set<String> unused = new TreeSet<>();
        module.variableDeclarations().stream().map(d -> "var." + d.address()).filter(a -> !used.contains(a)).forEach(unused::add);
        module.localDeclarations().stream().map(d -> "local." + d.address()).filter(a -> !used.contains(a)).forEach(unused::add);
        module.dataDeclarations().stream().map(d -> "data." + d.address()).filter(a -> !used.contains(a)).forEach(unused::add);
        assertThat(unused).as("declared but never used").isEmpty();
    }

    @Test
    void everyAliasedProviderConfigurationIsUsed() {
        Set<String> used = references.stream().map(Reference::traversal).collect(Collectors.toSet());
        assertThat(module.providerConfigurations().stream().filter(p -> p.contains(".")))
                .as("provider aliases nobody uses").allMatch(used::contains);
    }

    private static Set<String> addresses(List<Declared> declared) {
        return declared.stream().map(Declared::address).collect(Collectors.toSet());
    }
}

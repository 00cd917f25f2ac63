package io.isobar.localaws.junit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.Set;

/**
 * The rules that keep test-class suffixes honest, checked in every module by its {@code TestTiersTest}: a
 * {@code *Test} (Surefire, the unit tier) never starts an emulator or a Flink MiniCluster; those belong in an
 * {@code *ITCase} (Failsafe); and every test method sits in a class one of the two plugins runs.
 */
public final class TestTiers {

    /** Classes whose use starts an emulator or a MiniCluster; named, so this module needs no Flink. */
    private static final Set<String> STARTERS = Set.of(
            LocalAwsExtension.class.getName(),
            "io.isobar.localaws.LocalAws$Builder",
            "io.isobar.cli.local.LocalStack",
            "org.apache.flink.test.junit5.MiniClusterExtension",
            "org.apache.flink.test.util.MiniClusterWithClientResource",
            "org.apache.flink.runtime.minicluster.MiniCluster");

    private static final List<String> TEST_ANNOTATIONS = List.of(
            "org.junit.jupiter.api.Test",
            "org.junit.jupiter.params.ParameterizedTest",
            "net.jqwik.api.Property",
            "net.jqwik.api.Example");

    @ArchTest
    public static final ArchRule UNIT_TESTS_START_NO_EMULATOR = noClasses()
            .that(inTopLevelClassNamed("Test"))
            .should().dependOnClassesThat(startEmulatorOrCluster())
            .because("*Test is the unit tier (Surefire); a test that starts an emulator or a MiniCluster is an *ITCase");

    @ArchTest
    public static final ArchRule TEST_METHODS_LIVE_IN_RUN_CLASSES = methods()
            .that(annotatedAsTest())
            .should().beDeclaredInClassesThat(inTopLevelClassNamed("Test", "ITCase", "Properties"))
            .because("Surefire runs *Test and *Properties, Failsafe *ITCase: a test in any other class never runs")
            .allowEmptyShould(true);

    private TestTiers() {
    }

    private static DescribedPredicate<JavaClass> inTopLevelClassNamed(String... suffixes) {
        return DescribedPredicate.describe("are in a top-level class named *" + String.join(" or *", suffixes), c -> {
            JavaClass top = c;
            while (top.getEnclosingClass().isPresent()) {
                top = top.getEnclosingClass().get();
            }
            for (String suffix : suffixes) {
                if (top.getSimpleName().endsWith(suffix)) {
                    return true;
                }
            }
            return false;
        });
    }

    private static DescribedPredicate<JavaClass> startEmulatorOrCluster() {
        return DescribedPredicate.describe("start an emulator or a MiniCluster", c -> STARTERS.contains(c.getName()));
    }

    private static DescribedPredicate<com.tngtech.archunit.core.domain.JavaMethod> annotatedAsTest() {
        return DescribedPredicate.describe("are annotated as tests",
                m -> TEST_ANNOTATIONS.stream().anyMatch(m::isAnnotatedWith));
    }
}

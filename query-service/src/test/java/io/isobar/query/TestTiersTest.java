package io.isobar.query;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import com.tngtech.archunit.lang.ArchRule;
import io.isobar.localaws.junit.TestTiers;

/** This module's test classes keep their suffixes honest: see {@link TestTiers}. */
@AnalyzeClasses(packages = "io.isobar", importOptions = ImportOption.OnlyIncludeTests.class)
class TestTiersTest {

    @ArchTest
    static final ArchTests TIERS = ArchTests.in(TestTiers.class);

    /**
     * {@link IndexExtension} starts the emulators through {@code LocalAwsExtension}, which the shared rules see only when
     * used directly. Named by string, so that this class does not use it itself.
     */
    @ArchTest
    static final ArchRule UNIT_TESTS_USE_NO_INDEX_TABLES = noClasses()
            .that().haveNameMatching(".*Test(\\$.*)?")
            .should().dependOnClassesThat().haveFullyQualifiedName("io.isobar.query.IndexExtension")
            .because("*Test is the unit tier (Surefire); IndexExtension creates tables in the emulators, so its users are *ITCase");
}

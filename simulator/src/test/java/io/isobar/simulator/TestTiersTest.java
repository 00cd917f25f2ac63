package io.isobar.simulator;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import io.isobar.localaws.junit.TestTiers;

/** This module's test classes keep their suffixes honest: see {@link TestTiers}. */
@AnalyzeClasses(packages = "io.isobar", importOptions = ImportOption.OnlyIncludeTests.class)
class TestTiersTest {

    @ArchTest
    static final ArchTests TIERS = ArchTests.in(TestTiers.class);
}

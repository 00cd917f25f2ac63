package io.isobar.job;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The job's packages depend one way: the sinks ({@code index}) and the settings know nothing of the pipeline. */
@AnalyzeClasses(packages = "io.isobar.job", importOptions = ImportOption.DoNotIncludeTests.class)
class JobPackagesTest {

    @ArchTest
    static final ArchRule SINKS_DO_NOT_KNOW_THE_PIPELINE = noClasses().that().resideInAPackage("io.isobar.job.index..")
            .should().dependOnClassesThat().resideInAnyPackage("io.isobar.job.pipeline..", "io.isobar.job.enrich..")
            .because("the pipeline uses the sinks; the record types they write live in core");

    @ArchTest
    static final ArchRule CONFIGURATION_IS_A_LEAF = noClasses().that().resideInAPackage("io.isobar.job.config..")
            .should().dependOnClassesThat().resideInAnyPackage("io.isobar.job.pipeline..", "io.isobar.job.enrich..",
                    "io.isobar.job.index..", "io.isobar.job.source..", "io.isobar.job.backfill..");
}

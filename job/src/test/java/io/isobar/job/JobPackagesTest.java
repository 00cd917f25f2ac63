package io.isobar.job;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The job's packages depend one way, with no cycle: {@code pipeline} wires {@code ingest} (a file read, archived and
 * turned into a record) to the {@code index} sinks; the sinks and the settings know nothing of the pipeline.
 */
@AnalyzeClasses(packages = "io.isobar.job", importOptions = ImportOption.DoNotIncludeTests.class)
class JobPackagesTest {

    @ArchTest
    static final ArchRule SINKS_DO_NOT_KNOW_THE_PIPELINE = noClasses().that().resideInAPackage("io.isobar.job.index..")
            .should().dependOnClassesThat().resideInAnyPackage("io.isobar.job.pipeline..", "io.isobar.job.ingest..")
            .because("the pipeline uses the sinks; the record types they write live in core");

    @ArchTest
    static final ArchRule CONFIGURATION_IS_A_LEAF = noClasses().that().resideInAPackage("io.isobar.job.config..")
            .should().dependOnClassesThat().resideInAnyPackage("io.isobar.job.pipeline..", "io.isobar.job.ingest..",
                    "io.isobar.job.index..", "io.isobar.job.source..", "io.isobar.job.backfill..");

    @ArchTest
    static final ArchRule NO_PACKAGE_CYCLES = slices().matching("io.isobar.job.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule INGEST_DOES_NOT_KNOW_THE_PIPELINE = noClasses().that().resideInAPackage("io.isobar.job.ingest..")
            .should().dependOnClassesThat().resideInAnyPackage("io.isobar.job.pipeline..", "io.isobar.job.backfill..")
            .because("a file is ingested the same way whichever pipeline (streaming or backfill) carries it");

    @ArchTest
    static final ArchRule SQS_SOURCE_SHOWS_ONLY_ITS_API = classes().that().resideInAPackage("io.isobar.job.source.sqs")
            .and().areTopLevelClasses().and().arePublic()
            .should().haveSimpleName("SqsSource").orShould().haveSimpleName("SqsMessage")
            .orShould().haveSimpleName("SqsMessageDeserializer")
            .because("users build a source with SqsSource and read SqsMessages; the enumerator, splits, reader and SQS "
                    + "calls are package-private so they can change without breaking anyone");
}

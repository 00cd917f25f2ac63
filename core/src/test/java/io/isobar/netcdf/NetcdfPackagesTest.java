package io.isobar.netcdf;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The netCDF rooms depend one way, with no cycle: {@code bytes} (where a file's bytes come from) knows no reader;
 * {@code layout} (a data variable's chunk table) knows no reader; {@code header} reads a header over the bytes and
 * records the layout; {@code grid} reads values through all of them. All share {@link NetcdfHeader} and
 * {@link HeaderException}, which know none of them.
 */
@AnalyzeClasses(packages = "io.isobar", importOptions = ImportOption.DoNotIncludeTests.class)
class NetcdfPackagesTest {

    @ArchTest
    static final ArchRule NO_PACKAGE_CYCLES = slices().matching("io.isobar.netcdf.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule BYTES_KNOW_NO_READER = noClasses().that().resideInAPackage("io.isobar.netcdf.bytes..")
            .should().dependOnClassesThat().resideInAnyPackage("io.isobar.netcdf.header..", "io.isobar.netcdf.layout..",
                    "io.isobar.netcdf.grid..")
            .because("a byte source serves any reader");

    @ArchTest
    static final ArchRule LAYOUT_KNOWS_NO_READER = noClasses().that().resideInAPackage("io.isobar.netcdf.layout..")
            .should().dependOnClassesThat().resideInAnyPackage("io.isobar.netcdf.bytes..", "io.isobar.netcdf.header..",
                    "io.isobar.netcdf.grid..")
            .because("a layout is a value stored in the index: ingest records it, the grid reader uses it");

    @ArchTest
    static final ArchRule HEADERS_ARE_READ_WITHOUT_THE_GRID = noClasses().that().resideInAPackage("io.isobar.netcdf.header..")
            .should().dependOnClassesThat().resideInAPackage("io.isobar.netcdf.grid..")
            .because("ingest reads headers; only the query service reads values");

    @ArchTest
    static final ArchRule SHARED_TYPES_KNOW_NO_ROOM = noClasses().that().resideInAPackage("io.isobar.netcdf")
            .should().dependOnClassesThat().resideInAnyPackage("io.isobar.netcdf.bytes..", "io.isobar.netcdf.header..",
                    "io.isobar.netcdf.layout..", "io.isobar.netcdf.grid..");

    @ArchTest
    static final ArchRule OTHER_CORE_PACKAGES_DO_NOT_READ_FILES = noClasses().that()
            .resideInAnyPackage("io.isobar.model..", "io.isobar.index..", "io.isobar.failure..", "io.isobar.notification..")
            .should().dependOnClassesThat().resideInAnyPackage("io.isobar.netcdf.bytes..", "io.isobar.netcdf.header..",
                    "io.isobar.netcdf.grid..")
            .because("they hold values and rules; reading files is the netcdf rooms' job");
}

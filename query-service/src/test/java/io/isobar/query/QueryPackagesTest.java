package io.isobar.query;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * The query service's rooms depend one way, with no circle between packages; the engine ({@code forecast}) and its
 * faces ({@code point}, {@code edr}, {@code map}), which are adapters on it, have no circle between their classes either.
 */
@AnalyzeClasses(packages = "io.isobar.query", importOptions = ImportOption.DoNotIncludeTests.class)
class QueryPackagesTest {

    @ArchTest
    static final ArchRule NO_PACKAGE_CYCLES = slices().matching("io.isobar.query.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule NO_CLASS_CYCLES_IN_THE_ENGINE_AND_ITS_FACES = slices().assignedFrom(TopLevelClasses.INSTANCE)
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule THE_ENGINE_KNOWS_NO_FACE = noClasses().that().resideInAPackage("io.isobar.query.forecast..")
            .should().dependOnClassesThat().resideInAnyPackage("io.isobar.query.point..", "io.isobar.query.edr..",
                    "io.isobar.query.map..")
            .because("every face turns its parameters into a ForecastQuery and the engine's answer into its view");

    /**
     * Each top-level class of the engine and the faces (with its nested classes) is a slice of its own, so that a circle
     * of classes shows; other classes are in no slice.
     */
    private enum TopLevelClasses implements SliceAssignment {
        INSTANCE;

        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = javaClass.getName();
            if (!name.matches("io\\.isobar\\.query\\.(forecast|point|edr|map)\\..*")) {
                return SliceIdentifier.ignore();
            }
            int nested = name.indexOf('$');
            return SliceIdentifier.of(nested < 0 ? name : name.substring(0, nested));
        }

        @Override
        public String getDescription() {
            return "top-level classes of the engine and its faces";
        }
    }
}

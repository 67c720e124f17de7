package org.atarisaliency.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.atarisaliency.pipelines.MapMethod;
import org.atarisaliency.pipelines.MapMethods;
import org.junit.jupiter.api.Test;

/**
 * The map-making methods are chosen through their registry ({@code MapMethods}): no class above saliency but a
 * method's own holds a method's name as a string literal, so no code compares or picks methods by name.
 */
class MapMethodsTest {
    @Test
    void onlyAMapMethodsOwnClassNamesIt() throws IOException {
        Map<String, List<String>> found = new TreeMap<>();
        for (JavaClass c : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("org.atarisaliency.pipelines", "org.atarisaliency.experiment", "org.atarisaliency.study",
                        "org.atarisaliency.cluster", "org.atarisaliency.cli")) {
            if (c.isAssignableTo(MapMethod.class)) {
                continue;
            }
            for (String constant : ArchitectureTest.stringLiterals(c)) {
                if (MapMethods.names().contains(constant)) {
                    found.computeIfAbsent(c.getName(), k -> new ArrayList<>()).add(constant);
                }
            }
        }
        assertEquals(Map.of(), found, "a map method's name is said by its own class alone; ask MapMethods (README, Layout)");
    }
}

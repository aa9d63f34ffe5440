package org.posnet.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md §2: module dependencies point down the list only, and the pure layers (codecs, state
 * machines, policy) know neither Netty nor SQL.
 */
class ModuleLayeringTest {
  /** Top to bottom; a module may use only those after it. */
  private static final List<String> MODULES = List.of("app", "bench", "sim", "host", "vpdn", "aaa", "common");

  private static JavaClasses classes;

  @BeforeAll
  static void load() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.posnet");
  }

  @Test
  void modulesDependOnlyOnModulesBelowThem() {
    for (int i = 1; i < MODULES.size(); i++) {
      String[] above = MODULES.subList(0, i).stream().map(m -> "org.posnet." + m + "..").toArray(String[]::new);
      noClasses().that().resideInAPackage("org.posnet." + MODULES.get(i) + "..")
          .should().dependOnClassesThat().resideInAnyPackage(above)
          .because(MODULES.get(i) + " sits below " + Arrays.toString(above))
          .check(classes);
    }
  }

  @Test
  void pureLayersKnowNeitherNettyNorSql() {
    noClasses().that().resideInAnyPackage("org.posnet.aaa.codec..", "org.posnet.aaa.policy..", "org.posnet.aaa.server..", "org.posnet.aaa.dictionary..",
            "org.posnet.vpdn.l2tp.codec..", "org.posnet.vpdn.l2tp.control..", "org.posnet.vpdn.ppp..", "org.posnet.host.iso..", "org.posnet.host.hsm..")
        .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "org.jdbi..", "java.sql..", "javax.sql..")
        .check(classes);
  }
}

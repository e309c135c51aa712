package io.bounded.app;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The module and message rules of DESIGN.md and STYLE.md, checked on the compiled classes. */
class ArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.bounded");

  @Test
  void protocolsAndConfig_doNotDependOnActorsOrTheNode() {
    noClasses()
        .that()
        .resideInAnyPackage("io.bounded.protocols..", "io.bounded.config..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.bounded.actors..", "io.bounded.testkit..", "io.bounded.app..")
        .check(CLASSES);
  }

  @Test
  void actors_doNotKnowAboutHttpOrTheNode() {
    noClasses()
        .that()
        .resideInAPackage("io.bounded.actors..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.bounded.app..", "org.apache.pekko.http..")
        .check(CLASSES);
  }

  @Test
  void componentPackages_doNotImportEachOther() {
    slices()
        .matching("io.bounded.actors.(*)..")
        .should()
        .notDependOnEachOther()
        // the runtime spawns every component; support and logging serve them all
        .ignoreDependency(resideInAnyPackage("io.bounded.actors.runtime.."), alwaysTrue())
        .ignoreDependency(
            alwaysTrue(),
            resideInAnyPackage("io.bounded.actors.support..", "io.bounded.actors.logging.."))
        .check(CLASSES);
    slices().matching("io.bounded.protocols.(*)..").should().notDependOnEachOther().check(CLASSES);
  }

  @Test
  void messages_areRecordsOrEnumsWithoutArraysOrMutableCollections() {
    classes().that(areMessages()).should(beImmutableMessages()).check(CLASSES);
  }

  /**
   * Messages: every class of a component protocol's {@code Command} or {@code Reply} hierarchy, and
   * the shared value types at the root of {@code io.bounded.protocols} (helpers such as an
   * immutable map implementation are not messages).
   */
  private static DescribedPredicate<JavaClass> areMessages() {
    return new DescribedPredicate<>("are messages (commands, replies, shared value types)") {
      @Override
      public boolean test(JavaClass c) {
        if (c.isInterface() || !c.getPackageName().startsWith("io.bounded.protocols")) {
          return false;
        }
        if (c.getPackageName().equals("io.bounded.protocols")) {
          return true;
        }
        return c.getAllRawInterfaces().stream()
            .map(JavaClass::getName)
            .anyMatch(n -> n.endsWith("Protocol$Command") || n.endsWith("Protocol$Reply"));
      }
    };
  }

  private static ArchCondition<JavaClass> beImmutableMessages() {
    Set<Class<?>> allowedCollections = Set.of(java.util.List.class, Map.class, Set.class);
    return new ArchCondition<>(
        "be records or enums without array or mutable-collection components") {
      @Override
      public void check(JavaClass c, ConditionEvents events) {
        if (!c.isRecord() && !c.isEnum()) {
          events.add(
              SimpleConditionEvent.violated(c, c.getName() + " is neither a record nor an enum"));
          return;
        }
        if (c.isEnum()) {
          return;
        }
        for (JavaField f : c.getFields()) {
          if (f.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.STATIC)) {
            continue;
          }
          JavaClass type = f.getRawType();
          if (type.isArray()) {
            events.add(SimpleConditionEvent.violated(f, f.getFullName() + " is an array"));
          } else if (type.isAssignableTo(Collection.class) || type.isAssignableTo(Map.class)) {
            boolean anInterfaceCopiedImmutably =
                allowedCollections.stream().anyMatch(a -> type.isEquivalentTo(a));
            if (!anInterfaceCopiedImmutably) {
              events.add(
                  SimpleConditionEvent.violated(
                      f, f.getFullName() + " is a mutable collection type " + type.getName()));
            }
          }
        }
      }
    };
  }
}

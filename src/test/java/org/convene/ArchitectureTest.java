package org.convene;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.List;

/**
 * The shape of the code, as the next engineer should learn it. Features depend one way, in the
 * order of {@link #ORDER}, lowest first: a feature may use the ones before it, never one after it.
 * A lower feature that must tell a higher one something defines a small interface (as
 * EventStore.Changes, EventPages' page parts and ManageParts do) and is handed an implementation
 * by App, which alone sits in the root package with Main.
 */
@AnalyzeClasses(packages = "org.convene", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  static final List<String> ORDER = List.of(
      "core", "db", "web", "outbox", "accounts", "groups", "members", "events", "rsvp", "calendar",
      "people", "mail");

  @ArchTest
  static final ArchRule featuresAreFreeOfCycles =
      slices().matching("org.convene.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule featuresDependOneWay = oneWay();

  @ArchTest
  static final ArchRule onlyMainAndAppInTheRootAndNoFeatureUsesThem =
      noClasses().that().resideOutsideOfPackage("org.convene")
          .should().dependOnClassesThat().resideInAPackage("org.convene");

  @ArchTest
  static final ArchRule routesStandAlone =
      noClasses().that().haveSimpleNameEndingWith("Routes")
          .should().dependOnClassesThat().haveSimpleNameEndingWith("Routes")
          .because("a feature offers what others need through a small interface it owns");

  @ArchTest
  static final ArchRule sqlLivesInStores =
      noClasses().that(DescribedPredicate.not(inAStore())).and().resideOutsideOfPackage("org.convene.db..")
          .should().callMethodWhere(runsSql())
          .because("a reader finds a feature's SQL in its Store, beside the methods that run it");

  private static ArchRule oneWay() {
    List<ArchRule> rules = new ArrayList<>();
    for (int i = 0; i < ORDER.size(); i++) {
      List<String> above = ORDER.subList(i + 1, ORDER.size()).stream()
          .map(p -> "org.convene." + p + "..").toList();
      if (above.isEmpty()) continue;
      rules.add(noClasses().that().resideInAPackage("org.convene." + ORDER.get(i) + "..")
          .should().dependOnClassesThat().resideInAnyPackage(above.toArray(new String[0])));
    }
    return CompositeArchRule.of(rules).as("features depend one way: " + String.join(" <- ", ORDER));
  }

  private static DescribedPredicate<JavaClass> inAStore() {
    return DescribedPredicate.describe("are a Store (or nested in one)", c -> {
      JavaClass top = c;
      while (top.getEnclosingClass().isPresent()) top = top.getEnclosingClass().get();
      return top.getSimpleName().endsWith("Store");
    });
  }

  private static DescribedPredicate<JavaMethodCall> runsSql() {
    return DescribedPredicate.describe("run SQL", call ->
        call.getTargetOwner().isAssignableTo(SqlClient.class)
            && (call.getName().equals("query") || call.getName().equals("preparedQuery")));
  }
}

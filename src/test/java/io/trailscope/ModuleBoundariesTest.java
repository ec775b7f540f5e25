package io.trailscope;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The module map of docs/architecture.md, enforced: which top-level package may use
 * which. Package-private internals are already kept in by the compiler; these rules keep
 * the direction of the public dependencies, so that for instance the read model never
 * learns about sessions.
 */
class ModuleBoundariesTest {

	/** The ingest pipeline: the package itself and the reading of records. */
	private static final DescribedPredicate<JavaClass> PIPELINE = DescribedPredicate.describe("the ingest pipeline",
			type -> type.getPackageName().equals("io.trailscope.ingest")
					|| type.getPackageName().equals("io.trailscope.ingest.record")
					|| type.getPackageName().startsWith("io.trailscope.ingest.record."));

	/** Where objects come from and what shows them: every other package under ingest. */
	private static final DescribedPredicate<JavaClass> SOURCES = DescribedPredicate.describe(
			"the sources of ingest (queue, s3, local, retention, console)",
			type -> type.getPackageName().startsWith("io.trailscope.ingest.") && !PIPELINE.test(type));

	private static JavaClasses classes;

	@BeforeAll
	static void importMainClasses() {
		classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("io.trailscope");
	}

	@Test
	void ingestDependsOnNoFeatureModule() {
		check(noClasses().that()
			.resideInAPackage("io.trailscope.ingest..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.trailscope.events..", "io.trailscope.sessions..", "io.trailscope.export..",
					"io.trailscope.investigations..", "io.trailscope.web..", "io.trailscope.sample.."));
	}

	/**
	 * The sources of objects and the Ingest page (ingest.queue, .s3, .local, .retention,
	 * .console) hand objects to the pipeline (ingest and ingest.record) through its
	 * public types only: what the pipeline keeps package-private (the framer, the COPY)
	 * can change without them.
	 */
	@Test
	void ingestSourcesUseOnlyThePipelinesPublicTypes() {
		DescribedPredicate<JavaClass> pipelineInternals = DescribedPredicate.describe(
				"non-public classes of the ingest pipeline",
				type -> PIPELINE.test(type) && !type.getModifiers().contains(JavaModifier.PUBLIC));
		check(noClasses().that(SOURCES).should().dependOnClassesThat(pipelineInternals));
	}

	/**
	 * The pipeline knows none of the sources that feed it, nor the page that shows it.
	 */
	@Test
	void ingestPipelineKnowsNoneOfItsSources() {
		check(noClasses().that(PIPELINE).should().dependOnClassesThat(SOURCES));
	}

	/**
	 * Reading and normalising records is a function of bytes and limits: it knows nothing
	 * else of ingest, nor of databases or S3.
	 */
	@Test
	void recordReadingKnowsNothingElseOfIngest() {
		check(noClasses().that()
			.resideInAPackage("io.trailscope.ingest.record..")
			.should()
			.dependOnClassesThat(JavaClass.Predicates.resideInAPackage("io.trailscope.ingest..")
				.and(not(JavaClass.Predicates.resideInAPackage("io.trailscope.ingest.record..")))));
		check(noClasses().that()
			.resideInAPackage("io.trailscope.ingest.record..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("java.sql..", "javax.sql..", "org.springframework.jdbc..", "software.amazon..",
					"io.trailscope.database.."));
	}

	@Test
	void theQueryLanguageDependsOnNoFeatureModule() {
		check(noClasses().that()
			.resideInAPackage("io.trailscope.query..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.trailscope.events..", "io.trailscope.sessions..", "io.trailscope.export..",
					"io.trailscope.investigations..", "io.trailscope.web..", "io.trailscope.sample.."));
	}

	@Test
	void webDependsOnNoFeatureModule() {
		check(noClasses().that()
			.resideInAPackage("io.trailscope.web..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.trailscope.ingest..", "io.trailscope.events..", "io.trailscope.sessions..",
					"io.trailscope.export..", "io.trailscope.investigations..", "io.trailscope.sample.."));
	}

	@Test
	void eventsKnowNothingOfTheModulesBuiltOnThem() {
		check(noClasses().that()
			.resideInAPackage("io.trailscope.events..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.trailscope.sessions..", "io.trailscope.export..", "io.trailscope.investigations..",
					"io.trailscope.sample.."));
	}

	@Test
	void nothingDependsOnSessionsExportOrSample() {
		check(noClasses().that()
			.resideOutsideOfPackages("io.trailscope.sessions..", "io.trailscope")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.trailscope.sessions.."));
		check(noClasses().that()
			.resideOutsideOfPackages("io.trailscope.export..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.trailscope.export.."));
		check(noClasses().that()
			.resideOutsideOfPackages("io.trailscope.sample..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.trailscope.sample.."));
	}

	/** The start page summarises the other modules; none of them knows it. */
	@Test
	void nothingDependsOnTheOverview() {
		check(noClasses().that()
			.resideOutsideOfPackages("io.trailscope.overview..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.trailscope.overview.."));
	}

	@Test
	void investigationsKnowTheEventsPageOnlyByItsUrl() {
		check(noClasses().that()
			.resideInAPackage("io.trailscope.investigations..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.trailscope.ingest..", "io.trailscope.events..", "io.trailscope.sessions..",
					"io.trailscope.export..", "io.trailscope.sample.."));
	}

	private static void check(ArchRule rule) {
		rule.allowEmptyShould(true).check(classes);
	}

}

package io.trailscope;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Every test of the whole application starts it through {@link TrailscopeIntegrationTest}
 * or {@link TrailscopeServerTest}: a test that declared its own {@code @SpringBootTest}
 * would start a context of its own, and the suite's time grows with each.
 */
class TestContextsTest {

	@Test
	void noTestDeclaresItsOwnSpringBootTest() {
		noClasses().that()
			.areNotAnnotations()
			.should()
			.beAnnotatedWith(SpringBootTest.class)
			.because("tests share the contexts of @TrailscopeIntegrationTest and @TrailscopeServerTest")
			.check(new ClassFileImporter().withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
				.importPackages("io.trailscope"));
	}

}

package io.trailscope.ingest;

import java.util.LinkedHashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SearchTermsTest {

	@Test
	void splitsCompoundValuesIntoPartsOfThreeCharactersOrMore() {
		assertThat(SearchTerms.parts(SearchTerms.normalize("arn:aws:iam::123456789012:user/Alice")))
			.containsExactly("arn", "aws", "iam", "123456789012", "user", "alice");
		assertThat(SearchTerms.parts("a=b, key=value")).containsExactly("key", "value");
	}

	@Test
	void aValueWithoutSeparatorsIsItsOwnTerm() {
		assertThat(SearchTerms.isCompound("i-0123456789abcdef0")).isFalse();
		assertThat(SearchTerms.parts("i-0123456789abcdef0")).isEmpty();
		assertThat(SearchTerms.isCompound("q1 summary.pdf")).isTrue();
	}

	@Test
	void normalizesToLowerCaseWithoutNul() {
		assertThat(SearchTerms.normalize("AKIA\0X")).isEqualTo("akia\uFFFDx");
	}

	@Test
	void theLoaderStoresTheWholeValueAndItsParts() {
		Set<String> terms = new LinkedHashSet<>();
		RecordNormalizer.addTerms("arn:aws:s3:::My-Bucket/key", terms);
		assertThat(terms).containsExactly("arn:aws:s3:::my-bucket/key", "arn", "aws", "my-bucket", "key");
	}

	@Test
	void timestampsBooleansAndShortNumbersAreNotTerms() {
		for (String value : new String[] { "2026-02-10T10:01:00Z", "2026-02-10T10:01:00.123Z", "2026-02-10",
				"2026-02-10T10:01:00+01:00", "20131102T010628Z", "true", "FALSE", "1.08", "443", "2.0" }) {
			Set<String> terms = new LinkedHashSet<>();
			RecordNormalizer.addTerms(value, terms);
			assertThat(terms).as(value).isEmpty();
		}
		assertThat(SearchTerms.indexed("123456789012")).isTrue();
		assertThat(SearchTerms.indexed("i-0123456789abcdef0")).isTrue();
		assertThat(SearchTerms.parts("aws-cli/2.15.58 python/3.11.9")).containsExactly("aws-cli", "2.15.58", "python",
				"3.11.9");
		assertThat(SearchTerms.parts("ua/2.0 os/linux")).containsExactly("linux");
	}
}

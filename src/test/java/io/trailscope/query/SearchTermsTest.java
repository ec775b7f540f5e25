package io.trailscope.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

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
	void splitsAndClassifiesValuesAsTheRegularExpressionsItReplacedDid() {
		Pattern separators = Pattern.compile("[\\s/:,;=\"'()\\[\\]{}<>|]+");
		Pattern shortNumber = Pattern.compile("[0-9.]{1,4}");
		Pattern timestamp = Pattern.compile(
				"\\d{4}-\\d\\d-\\d\\d([t ]\\d\\d(:\\d\\d(:\\d\\d([.,]\\d+)?)?)?(z|[+-]\\d\\d(:?\\d\\d)?)?)?|\\d{8}t\\d{6}z");
		List<String> values = new ArrayList<>(List.of("", "/", "//", "abc/", "/abc", "//abc//def//", "a b", "abc def",
				"arn:aws:iam::123456789012:user/alice", "key=value; other=thing", "(x) [y] {z} <w> |v|", "tab\there",
				"line\nbreak", "vertical\u000Btab", "form\ffeed", "cr\rhere", "it's \"quoted\"", "1.2", "12345",
				"1.2.3", "..", ".", "0", "true", "false", "truex", "2026-02-10", "2026-02-10t10:01:00z",
				"2026-02-10 10:01", "20131102t010628z", "2013110t0106281z", "2026-02-1", "1234-x", "12345678t1",
				"ec2.amazonaws.com", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)", "\u00a0nbsp\u00a0",
				"x=2026-02-10t10:01:00z/1.0/abcd", "a:bb:ccc:dddd", "éé:ççç"));
		Random random = new Random(7);
		String alphabet = "ab1.9-t z/:,;=\"'()[]{}<>|\t\n";
		for (int i = 0; i < 20_000; i++) {
			StringBuilder b = new StringBuilder();
			for (int n = random.nextInt(14); n > 0; n--) {
				b.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
			values.add(b.toString());
		}
		for (String value : values) {
			String[] pieces = separators.split(value);
			List<String> expected = new ArrayList<>();
			if (pieces.length > 1) {
				for (String piece : pieces) {
					boolean indexed = !(piece.equals("true") || piece.equals("false")
							|| shortNumber.matcher(piece).matches() || timestamp.matcher(piece).matches());
					if (piece.length() >= SearchTerms.MIN_PART_LENGTH && piece.length() <= SearchTerms.MAX_TERM_LENGTH
							&& indexed) {
						expected.add(piece);
					}
				}
			}
			assertThat(SearchTerms.parts(value)).as("parts of '%s'", value).isEqualTo(expected);
			assertThat(SearchTerms.isCompound(value)).as("'%s' is compound", value)
				.isEqualTo(separators.matcher(value).find());
			assertThat(SearchTerms.indexed(value)).as("'%s' is indexed", value)
				.isEqualTo(!(value.equals("true") || value.equals("false") || shortNumber.matcher(value).matches()
						|| timestamp.matcher(value).matches()));
		}
	}

	@Test
	void normalizesToLowerCaseWithoutNul() {
		assertThat(SearchTerms.normalize("AKIA\0X")).isEqualTo("akia\uFFFDx");
	}

	@Test
	void longNumbersAndAccountIdsAreIndexedWhileVersionsSplitIntoTheirParts() {
		assertThat(SearchTerms.indexed("123456789012")).isTrue();
		assertThat(SearchTerms.indexed("i-0123456789abcdef0")).isTrue();
		assertThat(SearchTerms.parts("aws-cli/2.15.58 python/3.11.9")).containsExactly("aws-cli", "2.15.58", "python",
				"3.11.9");
		assertThat(SearchTerms.parts("ua/2.0 os/linux")).containsExactly("linux");
	}

}

package io.trailscope.events;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.trailscope.query.QueryParser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limits of the query language hold wherever a query comes from: the query box, and
 * the filters of the search form, which are compiled without a query text.
 */
class QueryLimitsTest {

	private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

	@Test
	void refusesAJsonFilterWithASecondAnyDepthSegment() {
		assertThat(EventSearch.of(Map.of("json", List.of("**.**.zz:1")), NOW).problem())
			.hasValueSatisfying((problem) -> assertThat(problem)
				.startsWith("At most one ** (any depth) in a path: '**.**.zz' has more"));
		assertThat(EventSearch.of(Map.of("not.json", List.of("requestParameters.**.**:*")), NOW).problem())
			.hasValueSatisfying((problem) -> assertThat(problem).startsWith("At most one ** (any depth) in a path"));
	}

	@Test
	void refusesAJsonFilterWhosePathNamesNoKey() {
		assertThat(EventSearch.of(Map.of("json", List.of("*.**:x")), NOW).problem())
			.hasValueSatisfying((problem) -> assertThat(problem).startsWith("The path '*.**' names no key"));
	}

	@Test
	void acceptsAJsonFilterWithOneAnyDepthSegment() {
		assertThat(EventSearch.of(Map.of("json", List.of("requestParameters.**:sg-0abc")), NOW).problem()).isEmpty();
		assertThat(EventSearch.of(Map.of("json", List.of("**.bucketName:*")), NOW).problem()).isEmpty();
	}

	@Test
	void showsARefusedQueryWithItsPositionForTheCaret() {
		String q = "eventName:x requestParameters.**.**:1";
		EventSearch.Problem problem = EventSearch.of(Map.of("q", List.of(q)), NOW).problemDetail();
		assertThat(problem.position()).isEqualTo(33);
		assertThat(problem.caret()).isEqualTo(q + "\n" + " ".repeat(33) + "^");
	}

	@Test
	void refusesTooManyTermsInTheQueryBoxWithThePositionOfTheFirstOver() {
		String q = "a ".repeat(QueryParser.MAX_TERMS) + "eventName:x";
		EventSearch.Problem problem = EventSearch.of(Map.of("q", List.of(q)), NOW).problemDetail();
		assertThat(problem.message()).startsWith("At most 64 terms in a query, at position 128");
		assertThat(problem.position()).isEqualTo(128);
	}

	@Test
	void theHelpPageStatesTheLimitsTheParserHolds() throws IOException {
		String page;
		try (InputStream in = getClass().getResourceAsStream("/templates/events/help.html")) {
			page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		assertThat(page).contains("at most " + QueryParser.MAX_TERMS + " terms")
			.contains("at most " + QueryParser.MAX_DEPTH + " levels")
			.contains("at most " + String.format(Locale.ROOT, "%,d", QueryParser.MAX_LENGTH) + " characters")
			.contains("at most one <code>**</code>");
	}

}

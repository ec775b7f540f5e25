package io.trailscope.investigations;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SearchQueryTest {

	@Test
	void encodesEveryNameAndValueTheSameWay() {
		assertThat(SearchQuery.parse("q=eventName:Create* -user:\"bob smith\"&range=7d").value())
			.isEqualTo("q=eventName%3ACreate*+-user%3A%22bob+smith%22&range=7d");
		assertThat(SearchQuery.parse("q=eventName%3ACreate*+-user%3A%22bob+smith%22&range=7d").value())
			.isEqualTo("q=eventName%3ACreate*+-user%3A%22bob+smith%22&range=7d");
	}

	@Test
	void takesTheQueryOfAPastedUrl() {
		assertThat(SearchQuery.parse("https://trailscope.example/events?q=errorCode%3A*&range=24h#results").value())
			.isEqualTo("q=errorCode%3A*&range=24h");
		assertThat(SearchQuery.parse("?range=30d").value()).isEqualTo("range=30d");
	}

	@Test
	void dropsEmptyParameters() {
		assertThat(SearchQuery.parse("q=&range=7d&&cols").value()).isEqualTo("range=7d");
		assertThat(SearchQuery.parse(null).value()).isEmpty();
	}

	@Test
	void keepsAStrayPercentAsTyped() {
		assertThat(SearchQuery.parse("q=100%").value()).isEqualTo("q=100%25");
	}

	@Test
	void cannotLeaveTheEventsPage() {
		SavedSearch search = new SavedSearch("alice", "x", SearchQuery.parse("q=a&next=//evil.example/&x=javascript:1"),
				Instant.now());
		assertThat(search.getHref()).startsWith("/events?").doesNotContain("//evil").doesNotContain("javascript:");
	}

	@Test
	void refusesVeryLongSearches() {
		assertThatIllegalArgumentException().isThrownBy(() -> SearchQuery.parse("q=" + "a".repeat(5000)));
	}

}

package io.trailscope.events;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;
import io.trailscope.web.Keyset;
import io.trailscope.query.Query;
import io.trailscope.query.QueryParser;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventSearchTest {

	static final Instant NOW = Instant.parse("2025-06-30T12:00:00Z");

	@Test
	void defaultsToTheLast24Hours() {
		EventSearch search = search();
		assertThat(search.time().from()).isEqualTo(NOW.minus(Duration.ofHours(24)));
		assertThat(search.time().to()).isNull();
		assertThat(search.url("/events")).isEqualTo("/events");
	}

	@Test
	void readsRelativeRanges() {
		assertThat(search("range", "15m").time().from()).isEqualTo(NOW.minus(Duration.ofMinutes(15)));
		assertThat(search("range", "90d").time().from()).isEqualTo(NOW.minus(Duration.ofDays(90)));
		assertThat(search("range", "all").time().from()).isNull();
		assertThat(search("range", "2y").problem()).hasValueSatisfying(m -> assertThat(m).contains("Unknown range"));
	}

	@Test
	void readsAbsoluteAndRelativeBounds() {
		TimeRange instants = search("from", "2025-01-01T10:00:00Z", "to", "2025-01-02T10:00:00+02:00").time();
		assertThat(instants.from()).isEqualTo(Instant.parse("2025-01-01T10:00:00Z"));
		assertThat(instants.to()).isEqualTo(Instant.parse("2025-01-02T08:00:00Z"));
		TimeRange dates = search("from", "2025-01-01", "to", "2025-01-31").time();
		assertThat(dates.from()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
		assertThat(dates.to()).as("the whole last day").isEqualTo(Instant.parse("2025-02-01T00:00:00Z"));
		TimeRange relative = search("from", "now-7d", "to", "now-24h").time();
		assertThat(relative.from()).isEqualTo(NOW.minus(Duration.ofDays(7)));
		assertThat(relative.to()).isEqualTo(NOW.minus(Duration.ofHours(24)));
		assertThat(search("from", "now-30m", "to", "now").time().to()).isEqualTo(NOW);
		assertThat(search("from", "now-24h", "range", "7d").time().from()).as("from/to win over range")
			.isEqualTo(NOW.minus(Duration.ofHours(24)));
	}

	@Test
	void rejectsUnreadableOrBackwardTimes() {
		assertThat(search("from", "yesterday").problem()).hasValueSatisfying(m -> assertThat(m).contains("yesterday"));
		assertThat(search("from", "2025-02-01", "to", "2025-01-01").problem())
			.hasValueSatisfying(m -> assertThat(m).contains("ends before it starts"));
	}

	@Test
	void turnsFiltersIntoTheEquivalentQuery() {
		EventSearch search = search("q", "errorCode:*", "account", "111122223333", "account", "444455556666",
				"not.name", "Describe*", "ip", "10.0.0.0/8", "agent", "boto3", "error", "none", "json",
				"requestParameters.groupId:sg-1", "text", "i-0abc");
		assertThat(search.problem()).isEmpty();
		assertThat(search.equivalentQuery()).isEqualTo("errorCode:* recipientAccountId:(111122223333 OR 444455556666) "
				+ "sourceIPAddress:10.0.0.0/8 userAgent:*boto3* -errorCode:* requestParameters.groupId:sg-1 i-0abc "
				+ "-eventName:Describe*");
		Query reparsed = QueryParser.parse(search.equivalentQuery());
		assertThat(reparsed).isEqualTo(search.query());
	}

	@Test
	void keepsTheWholeStateInTheUrl() {
		EventSearch search = search("q", "eventName:Create* \"a b\"", "region", "eu-west-1", "not.region", "us-east-1",
				"from", "2025-01-01T00:00:00Z", "to", "now", "col", "time", "col", "requestParameters.bucketName",
				"sort", "oldest", "after", "2025-01-01T10:00:00Z~42");
		String url = search.url("/events");
		EventSearch again = EventSearch.of(UriComponentsBuilder.fromUri(URI.create(url))
			.build()
			.getQueryParams()
			.entrySet()
			.stream()
			.collect(LinkedMultiValueMap::new,
					(map, e) -> map.put(e.getKey(), e.getValue().stream().map(EventSearchTest::decode).toList()),
					LinkedMultiValueMap::putAll),
				NOW);
		assertThat(again.parameters()).isEqualTo(search.parameters());
		assertThat(again.columnIds()).containsExactly("time", "requestParameters.bucketName");
		assertThat(again.oldestFirst()).isTrue();
		assertThat(again.after()).isEqualTo(Keyset.after(Instant.parse("2025-01-01T10:00:00Z"), 42));
	}

	@Test
	void encodesPlusSignsSoTheyStayPlusSigns() {
		assertThat(search("agent", "a+b c&d=e").url("/events")).isEqualTo("/events?agent=a%2Bb%20c%26d%3De");
	}

	@Test
	void buildsChipLinksThatRemoveOrNegateAFilter() {
		EventSearch search = search("account", "111122223333", "region", "eu-west-1");
		Filter account = search.filters().get(0);
		assertThat(account.label()).isEqualTo("Account = 111122223333");
		assertThat(search.without(account).url("/events")).isEqualTo("/events?region=eu-west-1");
		assertThat(search.negating(account).url("/events"))
			.isEqualTo("/events?not.account=111122223333&region=eu-west-1");
		assertThat(search.with(account.negated()).url("/events")).as("including the opposite replaces it")
			.isEqualTo("/events?not.account=111122223333&region=eu-west-1");
	}

	@Test
	void keepsAMalformedQueryAsAProblemWithItsPosition() {
		EventSearch search = search("q", "eventName:(Create* OR");
		EventSearch.Problem problem = search.problemDetail();
		assertThat(problem).isNotNull();
		assertThat(problem.position()).isGreaterThanOrEqualTo(0);
		assertThat(problem.caret()).startsWith("eventName:(Create* OR\n").endsWith("^");
		assertThat(search.q()).isEqualTo("eventName:(Create* OR");
	}

	@Test
	void rejectsBadFiltersAndColumns() {
		assertThat(search("json", "no-colon").problem()).hasValueSatisfying(m -> assertThat(m).contains("path:value"));
		assertThat(search("readOnly", "maybe").problem()).isPresent();
		assertThat(search("col", "bad column!").problem()).hasValueSatisfying(m -> assertThat(m).contains("Column"));
		assertThat(search("after", "garbage").problem()).isPresent();
	}

	@Test
	void choosesAboutSixtyBuckets() {
		assertThat(Aggregations.step(Duration.ofMinutes(15))).isEqualTo(Duration.ofMinutes(1));
		assertThat(Aggregations.step(Duration.ofHours(24))).isEqualTo(Duration.ofMinutes(30));
		assertThat(Aggregations.step(Duration.ofDays(7))).isEqualTo(Duration.ofHours(3));
		assertThat(Aggregations.step(Duration.ofDays(30))).isEqualTo(Duration.ofHours(12));
	}

	@Test
	void drawsAtMostTwoHundredBarsWhateverTheRange() {
		for (Duration span : List.of(Duration.ofDays(365 * 60), Duration.ofDays(365 * 61), Duration.ofDays(365L * 3000),
				Duration.ofDays(365L * 1_000_000))) {
			Duration step = Aggregations.step(span);
			assertThat(span.dividedBy(step) + 1).as("bars over %s", span).isLessThanOrEqualTo(Aggregations.MAX_BUCKETS);
		}
	}

	@Test
	void fillsEmptyBucketsOfTheHistogram() {
		Instant from = Instant.parse("2025-06-30T00:00:00Z");
		Histogram histogram = Histogram.of(from, from.plus(Duration.ofHours(1)), Duration.ofMinutes(1),
				Instant.parse("2000-01-01T00:00:00Z"), Map.of(from.plusSeconds(120), 4L, from.plusSeconds(600), 2L));
		assertThat(histogram.bars()).hasSize(60);
		assertThat(histogram.bars().get(2).count()).isEqualTo(4);
		assertThat(histogram.bars().get(2).height()).isEqualTo(100.0);
		assertThat(histogram.bars().get(10).height()).isEqualTo(50.0);
		assertThat(histogram.bars().get(0).height()).isZero();
		assertThat(histogram.bars().get(59).to()).isEqualTo(from.plus(Duration.ofHours(1)));
	}

	@Test
	void rejectsAMalformedPosition() {
		assertThatThrownBy(() -> Keyset.parse("2025-01-01T00:00:00Z")).isInstanceOf(IllegalArgumentException.class);
	}

	private static String decode(String value) {
		return URLDecoder.decode(value, StandardCharsets.UTF_8);
	}

	static EventSearch search(String... pairs) {
		MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			parameters.add(pairs[i], pairs[i + 1]);
		}
		return EventSearch.of(parameters, NOW);
	}

	static List<String> list(String... values) {
		return List.of(values);
	}

}

package io.trailscope.investigations;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.trailscope.TrailscopeIntegrationTest;
import io.trailscope.query.QueryCompiler;
import io.trailscope.query.QueryParser;
import io.trailscope.query.SqlCondition;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every canned investigation, with the default settings and with configured networks,
 * regions and noisy events, and with its parameter filled in, parses, compiles and runs.
 */
@TrailscopeIntegrationTest
class CannedQueriesIntegrationTest {

	/**
	 * Values for parameterised investigations; each takes the first its pattern accepts.
	 */
	private static final List<String> SAMPLE_VALUES = List.of("i-0123456789abcdef0",
			"arn:aws:iam::123456789012:user/alice", "alice");

	@Autowired
	CannedInvestigations canned;

	@Autowired
	QueryCompiler compiler;

	@Autowired
	JdbcClient jdbc;

	@Test
	void everyCannedQueryParsesCompilesAndRuns() {
		CannedInvestigations configured = new CannedInvestigations(
				new InvestigationSettings(List.of("203.0.113.0/24", "2001:db8::/32", "10.0.0.1"), null, null, null,
						List.of("us-east-1", "eu-west-1"), List.of("CreateLogStream", "CreateTags")));
		List<String> queries = new ArrayList<>();
		for (CannedInvestigations investigations : List.of(this.canned, configured)) {
			for (Investigation investigation : investigations.all(Instant.now())) {
				queries.add(investigation.query());
				if (investigation.parameter() != null) {
					String value = SAMPLE_VALUES.stream()
						.filter((sample) -> investigation.parameter().pattern().matcher(sample).matches())
						.findFirst()
						.orElseThrow();
					queries.add(investigation.queryFor(value));
				}
			}
		}
		assertThat(queries).hasSizeGreaterThan(26);
		for (String query : queries) {
			SqlCondition condition = this.compiler.compile(QueryParser.parse(query), "q");
			Long count = this.jdbc
				.sql("select count(*) from events e where e.event_time > now() - interval '1 day' and ("
						+ condition.sql() + ")")
				.params(condition.params())
				.query(Long.class)
				.single();
			assertThat(count).as(query).isNotNegative();
		}
	}

}

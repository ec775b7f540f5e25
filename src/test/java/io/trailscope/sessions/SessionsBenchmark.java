package io.trailscope.sessions;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

import io.trailscope.TrailscopeIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The session pages at scale, not a test: run with
 * {@code ./mvnw test -Dtest=SessionsBenchmark -Dtrailscope.bench.events=10000000}.
 * Generates that many events over 30 days (one issuing AssumeRole per 1,000 events, the
 * rest calls of those sessions) plus one session with 10,000 calls, derives the sessions,
 * and prints the median time of the timeline's first page and of the session list for 7
 * days, rendered through the controllers.
 */
@TrailscopeIntegrationTest
@EnabledIfSystemProperty(named = "trailscope.bench.events", matches = "\\d+")
@WithMockUser(roles = "VIEWER")
class SessionsBenchmark {

	static final Instant END = Instant.parse("2025-06-30T00:00:00Z");

	@Autowired
	JdbcClient jdbc;

	@Autowired
	SessionDerivation derivation;

	@Autowired
	SessionStore store;

	@Autowired
	MockMvc mvc;

	@Test
	void timelineAndList() throws Exception {
		long events = Long.getLong("trailscope.bench.events");
		long objectId = -System.nanoTime() / 1000;
		Instant start = END.minus(Duration.ofDays(30));
		this.jdbc.sql("select ensure_event_partitions(:from, :to)")
			.param("from", SessionRows.utc(start))
			.param("to", SessionRows.utc(END))
			.query()
			.listOfRows();
		long t0 = System.nanoTime();
		// sessions s = 0 .. events/1000: issuing events
		this.jdbc
			.sql("""
					insert into events (event_time, event_id, recipient_account_id, event_name, event_source, aws_region,
					  source_address, identity_type, principal_arn, access_key_id, principal, search_terms, record, object_id)
					select :start::timestamptz + (s * (:span / :sessions)) * interval '1 second', 'bench-issue-' || s,
					  '111122223333', 'AssumeRole', 'sts.amazonaws.com', 'eu-west-1', '203.0.113.9', 'IAMUser',
					  'arn:aws:iam::111122223333:user/u' || (s % 50), 'AKIABENCH' || (s % 50), 'u' || (s % 50), array['assumerole'],
					  jsonb_build_object('eventName', 'AssumeRole', 'eventTime', to_char((:start::timestamptz + (s * (:span / :sessions))
					    * interval '1 second') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
					    'requestParameters', jsonb_build_object('roleArn', 'arn:aws:iam::111122223333:role/Role' || (s % 20),
					      'roleSessionName', 'bench' || s),
					    'responseElements', jsonb_build_object('credentials', jsonb_build_object('accessKeyId', 'ASIABENCH' || s),
					      'assumedRoleUser', jsonb_build_object('arn', 'arn:aws:sts::111122223333:assumed-role/Role' || (s % 20) || '/bench' || s))),
					  :objectId
					from generate_series(0, :sessions) s
					""")
			.param("start", SessionRows.utc(start))
			.param("span", Duration.ofDays(30).toSeconds())
			.param("sessions", events / 1000)
			.param("objectId", objectId)
			.update();
		// calls: event i belongs to session i % sessions, within its first hour
		this.jdbc
			.sql("""
					insert into events (event_time, event_id, recipient_account_id, event_name, event_source, aws_region,
					  source_address, identity_type, principal_arn, access_key_id, session_created, error_code, principal,
					  search_terms, record, object_id)
					select created + ((i % 3000) * interval '1 second'), 'bench-call-' || i, '111122223333',
					  (array['DescribeInstances','GetObject','PutObject','ListBuckets','AssumeRole'])[1 + i % 5],
					  (array['ec2','s3','s3','s3','sts'])[1 + i % 5] || '.amazonaws.com', 'eu-west-1', '203.0.113.9',
					  'AssumedRole', 'arn:aws:sts::111122223333:assumed-role/Role' || (s % 20) || '/bench' || s, 'ASIABENCH' || s,
					  created, case when i % 17 = 0 then 'AccessDenied' end, 'Role' || (s % 20) || '/bench' || s,
					  array['i-' || (i % 1000)], jsonb_build_object('eventID', 'bench-call-' || i), :objectId
					from (select i, i % :sessions as s,
					        :start::timestamptz + ((i % :sessions) * (:span / :sessions)) * interval '1 second' as created
					      from generate_series(1, :events) i) x
					""")
			.param("start", SessionRows.utc(start))
			.param("span", Duration.ofDays(30).toSeconds())
			.param("sessions", events / 1000)
			.param("events", events)
			.param("objectId", objectId)
			.update();
		// one session of 10,000 calls
		this.jdbc
			.sql("""
					insert into events (event_time, event_id, recipient_account_id, event_name, event_source, aws_region,
					  identity_type, principal_arn, access_key_id, session_created, principal, search_terms, record, object_id)
					select :created::timestamptz + (i * interval '1 second'), 'bench-big-' || i, '111122223333',
					  'GetObject', 's3.amazonaws.com', 'eu-west-1', 'AssumedRole',
					  'arn:aws:sts::111122223333:assumed-role/Role0/bench0', 'ASIABENCH0', :created::timestamptz,
					  'Role0/bench0', array['x'], '{}'::jsonb, :objectId
					from generate_series(1, 10000) i
					""")
			.param("created", SessionRows.utc(start))
			.param("objectId", objectId)
			.update();
		this.jdbc.sql("analyze events").update();
		long loaded = System.nanoTime();
		this.derivation.derive(objectId);
		long derived = System.nanoTime();
		String big = SessionRules.sessionId("arn:aws:sts::111122223333:assumed-role/Role0/bench0", "ASIABENCH0", start);
		assertThat(this.store.find(big))
			.hasValueSatisfying(s -> assertThat(s.callCount()).isGreaterThanOrEqualTo(10000));

		MockMvc mvc = this.mvc;
		double timeline = median(() -> run(mvc, "/sessions/" + big));
		double list = median(() -> run(mvc, "/sessions?from=" + END.minus(Duration.ofDays(7))));
		double roleList = median(() -> run(mvc, "/sessions?role=Role7&from=" + END.minus(Duration.ofDays(7))));
		System.out.printf("%nsessions benchmark: %,d events generated in %.1f s, derived in %.1f s%n", events,
				(loaded - t0) / 1e9, (derived - loaded) / 1e9);
		System.out.printf("  timeline of a 10,000-call session, first page: %.1f ms median%n", timeline);
		System.out.printf("  session list, 7 days: %.1f ms median; filtered by role: %.1f ms median%n%n", list,
				roleList);
	}

	private static Void run(MockMvc mvc, String url) {
		try {
			mvc.perform(get(url)).andExpect(status().isOk());
			return null;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static double median(Supplier<Void> action) {
		for (int i = 0; i < 3; i++) {
			action.get();
		}
		List<Double> times = new ArrayList<>();
		for (int i = 0; i < 21; i++) {
			long t = System.nanoTime();
			action.get();
			times.add((System.nanoTime() - t) / 1e6);
		}
		Collections.sort(times);
		return times.get(times.size() / 2);
	}

}

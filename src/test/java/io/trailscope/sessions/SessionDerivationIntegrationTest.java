package io.trailscope.sessions;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.trailscope.TrailscopeIntegrationTest;
import io.trailscope.ingest.local.LocalImport;
import io.trailscope.query.SqlCondition;

import static io.trailscope.sessions.Scenario.T0;
import static org.assertj.core.api.Assertions.assertThat;

@TrailscopeIntegrationTest
class SessionDerivationIntegrationTest {

	@Autowired
	LocalImport imports;

	@Autowired
	SessionStore store;

	@Autowired
	SessionList list;

	@Autowired
	SessionCalls calls;

	@Autowired
	SessionDerivation derivation;

	@Autowired
	Sessions sessions;

	@Autowired
	JdbcClient jdbc;

	Scenario scenario() {
		return new Scenario(this.imports, this.store, this.list, this.calls, this.derivation.rules());
	}

	@Test
	void anyLoadOrderGivesTheSameSessionsAndTimelines() {
		Scenario forward = scenario();
		forward.loadIssuers();
		forward.loadUsage();
		Scenario backward = scenario();
		backward.loadUsage();
		backward.loadIssuers();

		String expected = forward.snapshot();
		assertThat(backward.snapshot()).isEqualTo(expected);
		assertThat(expected).contains("Admin-TAG/alice", "Deploy-TAG/hop", "user/bob");
	}

	@Test
	void linksCallsChainsAndCopiesOfOneIssuance() {
		Scenario s = scenario();
		s.loadUsage();
		s.loadIssuers();

		List<Session> sessions = s.sessions();
		Session admin = only(sessions, "Admin", T0);
		Session deploy = only(sessions, "Deploy", T0.plusSeconds(60));
		Session later = only(sessions, "Admin", T0.plus(Duration.ofDays(3)));
		Session console = sessions.stream().filter(Session::console).findFirst().orElseThrow();

		assertThat(admin.issuerAccounts()).containsExactlyInAnyOrder(s.callerAccount, s.roleAccount);
		assertThat(admin.callCount()).isEqualTo(4);
		assertThat(admin.errorCount()).isEqualTo(1);
		assertThat(admin.regions()).containsExactly("eu-west-1", "us-east-1");
		assertThat(admin.rootKind()).isEqualTo("IAM user");
		assertThat(deploy.parentId()).isEqualTo(admin.id());
		assertThat(deploy.parentLink()).isEqualTo("EXACT");
		assertThat(deploy.rootPrincipal()).isEqualTo("arn:aws:iam::" + s.callerAccount + ":user/alice");
		assertThat(deploy.chainSourceIdentity()).isEqualTo("alice@example.com");
		assertThat(deploy.callCount()).isEqualTo(2);
		assertThat(later.callCount()).isEqualTo(1);
		assertThat(console.callCount()).isEqualTo(3);
		assertThat(this.calls.page(admin, CallFilter.NONE, this.derivation.rules(), 10)).extracting(SessionCall::link)
			.containsExactly(LinkMethod.EXACT, LinkMethod.CLOCK_SKEW, LinkMethod.EXACT, LinkMethod.EXACT);
		assertThat(this.calls.page(admin, new CallFilter(null, null, "any", null, null, null), this.derivation.rules(),
				10))
			.extracting(SessionCall::errorCode)
			.containsExactly("AccessDenied");
		assertThat(this.calls.page(admin, new CallFilter(null, "Describe*", null, null, null, null),
				this.derivation.rules(), 10))
			.hasSize(2);
		assertThat(this.store.sessionOfEvent(s.tag + "-issue-1")).contains(admin.id());
		assertThat(this.store.sessionOfEvent(s.tag + "-call-d1")).contains(deploy.id());
		assertThat(this.store.sessionOfEvent(s.tag + "-call-l1")).contains(later.id());
		assertThat(this.store.sessionOfEvent(s.tag + "-nothing")).isEmpty();
	}

	@Test
	void concurrentLoadsGiveTheSameSessionsAsOneAfterTheOther() throws Exception {
		Scenario sequential = scenario();
		sequential.loadIssuers();
		sequential.loadUsage();
		Scenario concurrent = scenario();
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			Future<?> usage = pool.submit(concurrent::loadUsage);
			Future<?> issuers = pool.submit(concurrent::loadIssuers);
			usage.get(60, TimeUnit.SECONDS);
			issuers.get(60, TimeUnit.SECONDS);
		}
		finally {
			pool.shutdownNow();
		}

		assertThat(concurrent.snapshot()).isEqualTo(sequential.snapshot());
	}

	@Test
	void pagesThroughATimelineByKeyset() {
		Scenario s = scenario();
		s.loadIssuers();
		s.loadUsage();
		Session admin = only(s.sessions(), "Admin", T0);
		SessionRules rules = this.derivation.rules();

		List<SessionCall> first = this.calls.page(admin, CallFilter.NONE, rules, 2);
		List<SessionCall> rest = this.calls.page(admin,
				new CallFilter(null, null, null, null, null, first.get(1).cursor()), rules, 10);

		assertThat(first).extracting(SessionCall::eventId).containsExactly(s.tag + "-call-a1", s.tag + "-call-a2");
		assertThat(rest).extracting(SessionCall::eventId).containsExactly(s.tag + "-call-a3", s.tag + "-issue-2");
	}

	@Test
	void scopeSelectsExactlyTheCallsOfTheSession() {
		Scenario s = scenario();
		s.loadIssuers();
		s.loadUsage();
		Session admin = only(s.sessions(), "Admin", T0);

		SqlCondition scope = this.sessions.scope(admin.id()).orElseThrow();
		List<String> ids = this.jdbc
			.sql("select e.event_id from events e where " + scope.sql()
					+ " and e.error_code is null order by e.event_time, e.event_id")
			.params(scope.params())
			.query(String.class)
			.list();

		// the chained AssumeRole was itself made with the session's credentials
		assertThat(ids).containsExactly(s.tag + "-call-a1", s.tag + "-call-a2", s.tag + "-issue-2");
		assertThat(scope.params().keySet()).allMatch(name -> name.startsWith("session_"));
		assertThat(this.sessions.scope("nope")).isEmpty();
		assertThat(this.sessions.sessionOfEvent(s.tag + "-call-a3")).contains(admin.id());
	}

	@Test
	void rebuildingGivesTheSameSessions() {
		Scenario s = scenario();
		s.loadIssuers();
		s.loadUsage();
		String before = s.snapshot();

		this.derivation.rebuildAll();
		this.derivation.derive(Long.MAX_VALUE);

		assertThat(s.snapshot()).isEqualTo(before);
	}

	private static Session only(List<Session> sessions, String role, Instant created) {
		return sessions.stream()
			.filter(x -> x.roleArn() != null && x.roleArn().contains(role) && x.created().equals(created))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + role + " session at " + created + " in " + sessions));
	}

}

package io.trailscope.sessions;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import io.trailscope.TrailscopeIntegrationTest;
import io.trailscope.ingest.local.LocalImport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The default: loads are derived by a background worker, several in one round. */
@TrailscopeIntegrationTest
@TestPropertySource(properties = "trailscope.sessions.derive-delay=300ms")
class SessionDerivationInBackgroundTest {

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

	@Test
	void loadsDerivedInTheBackgroundGiveTheSameSessionsAsARebuild() {
		Scenario s = new Scenario(this.imports, this.store, this.list, this.calls, this.derivation.rules());
		s.loadUsage();
		s.loadIssuers();

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.store.pendingObjects()).as("objects not yet derived").isEmpty());
		String derived = s.snapshot();
		assertThat(derived).contains("Admin-TAG/alice", "Deploy-TAG/hop", "user/bob");

		this.derivation.rebuildAll();
		assertThat(s.snapshot()).isEqualTo(derived);
	}

}

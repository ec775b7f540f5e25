package io.trailscope.ingest;

import io.trailscope.sessions.SessionDerivation;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * {@link IngestBenchmark} with session derivation switched off, to tell the cost of
 * loading from that of deriving sessions (which runs in the loader's thread after each
 * commit): run with
 * {@code ./mvnw test -Dtest=IngestBenchmarkWithoutSessions -Dtrailscope.bench.events=200000}.
 */
@EnabledIfSystemProperty(named = "trailscope.bench.events", matches = "\\d+")
class IngestBenchmarkWithoutSessions extends IngestBenchmark {

	@MockitoBean
	SessionDerivation sessions;

	@Override
	boolean derivesSessions() {
		return false;
	}

}

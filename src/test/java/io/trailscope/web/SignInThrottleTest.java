package io.trailscope.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Someone guesses passwords, for one name or many, from one address or a whole IPv6
 * network.
 */
class SignInThrottleTest {

	final MovingClock clock = new MovingClock();

	final SignInThrottle throttle = new SignInThrottle(new SecuritySettings.SignIn(null, null, null, null, null),
			this.clock);

	@Test
	void refusesANameFromAnAddressForFifteenMinutesAfterTenFailures() {
		fail(9, "alice", "203.0.113.5");
		assertThat(this.throttle.refusal("alice", "203.0.113.5")).isEmpty();
		fail(1, "alice", "203.0.113.5");
		assertThat(this.throttle.refusal("alice", "203.0.113.5")).contains(Duration.ofMinutes(15));
		assertThat(this.throttle.refusal("alice", "203.0.113.6")).as("another address").isEmpty();
		assertThat(this.throttle.refusal("bob", "203.0.113.5")).as("another name").isEmpty();
		this.clock.advance(Duration.ofMinutes(14));
		assertThat(this.throttle.refusal("alice", "203.0.113.5")).contains(Duration.ofMinutes(1));
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(this.throttle.refusal("alice", "203.0.113.5")).isEmpty();
	}

	@Test
	void countsOnlyTheFailuresOfTheLastFifteenMinutes() {
		fail(9, "alice", "203.0.113.5");
		this.clock.advance(Duration.ofMinutes(16));
		fail(9, "alice", "203.0.113.5");
		assertThat(this.throttle.refusal("alice", "203.0.113.5")).isEmpty();
	}

	@Test
	void treatsNamesThatDifferOnlyInCaseAsOne() {
		for (String name : new String[] { "admin", "Admin", "ADMIN", "aDmin", "adMin", "admIn", "admiN", "ADmin",
				"AdMin", "AdmIN" }) {
			fail(1, name, "203.0.113.5");
		}
		assertThat(this.throttle.refusal("admin", "203.0.113.5")).isPresent();
	}

	@Test
	void refusesAnAddressThatFailedFiftyTimesOverAnyNames() {
		for (int i = 0; i < 50; i++) {
			fail(1, "user-" + i, "203.0.113.7");
		}
		assertThat(this.throttle.refusal("someone-else", "203.0.113.7")).isPresent();
		assertThat(this.throttle.refusal("someone-else", "203.0.113.8")).isEmpty();
	}

	@Test
	void countsAnIpv6NetworkAsOneClient() {
		for (int i = 0; i < 10; i++) {
			fail(1, "alice", "2001:db8:1:2::" + Integer.toHexString(i + 1));
		}
		assertThat(this.throttle.refusal("alice", "2001:db8:1:2:ffff::1")).isPresent();
		assertThat(this.throttle.refusal("alice", "2001:db8:1:3::1")).isEmpty();
	}

	@Test
	void forgivesANamesFailuresWhenItsPasswordIsRight() {
		fail(9, "alice", "203.0.113.5");
		this.throttle.succeeded("alice", "203.0.113.5");
		fail(9, "alice", "203.0.113.5");
		assertThat(this.throttle.refusal("alice", "203.0.113.5")).isEmpty();
	}

	@Test
	void refusesAThrottledSignInWithoutCheckingThePassword() {
		AtomicInteger checks = new AtomicInteger();
		AuthenticationProvider passwords = new AuthenticationProvider() {

			@Override
			public Authentication authenticate(Authentication attempt) {
				checks.incrementAndGet();
				if (!"right".equals(attempt.getCredentials())) {
					throw new BadCredentialsException("wrong");
				}
				return UsernamePasswordAuthenticationToken.authenticated(attempt.getName(), null, null);
			}

			@Override
			public boolean supports(Class<?> authentication) {
				return true;
			}
		};
		ThrottledSignIn signIn = new ThrottledSignIn(passwords, this.throttle);
		for (int i = 0; i < 10; i++) {
			assertThatExceptionOfType(BadCredentialsException.class)
				.isThrownBy(() -> signIn.authenticate(attempt("alice", "guess", "203.0.113.5")));
		}
		assertThat(checks).hasValue(10);
		assertThatExceptionOfType(SignInThrottledException.class)
			.isThrownBy(() -> signIn.authenticate(attempt("alice", "right", "203.0.113.5")))
			.satisfies((ex) -> assertThat(ex.retryAfterSeconds()).isEqualTo(900));
		assertThat(checks).as("no password checked while refused").hasValue(10);
		assertThat(signIn.authenticate(attempt("alice", "right", "203.0.113.9")).isAuthenticated()).isTrue();
	}

	private void fail(int times, String name, String address) {
		for (int i = 0; i < times; i++) {
			this.throttle.failed(name, address);
		}
	}

	private static Authentication attempt(String name, String password, String address) {
		UsernamePasswordAuthenticationToken attempt = UsernamePasswordAuthenticationToken.unauthenticated(name,
				password);
		attempt.setDetails(new WebAuthenticationDetails(address, null));
		return attempt;
	}

	static final class MovingClock extends Clock {

		private Instant now = Instant.parse("2026-01-01T00:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

}

package io.trailscope.web;

import java.time.Duration;

import org.springframework.security.authentication.LockedException;

/**
 * A sign-in refused before its password was checked, because of earlier failures. An
 * account status exception, so no other authentication provider is asked instead.
 */
class SignInThrottledException extends LockedException {

	private final Duration retryAfter;

	SignInThrottledException(Duration retryAfter) {
		super("Too many failed sign-ins; try again later");
		this.retryAfter = retryAfter;
	}

	/** Whole seconds, rounded up, as {@code Retry-After} wants them. */
	long retryAfterSeconds() {
		return Math.max(1, (this.retryAfter.toMillis() + 999) / 1000);
	}

}

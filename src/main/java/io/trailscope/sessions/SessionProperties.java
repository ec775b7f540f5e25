package io.trailscope.sessions;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of session reconstruction ({@code trailscope.sessions.*}).
 *
 * @param clockSkew how far the creation date a call carries may lie from its issuing
 * event's time
 * @param consoleLength how long a console session is taken to last (console sign-ins
 * state no expiry)
 * @param defaultLength validity assumed when issued credentials state no readable
 * expiration
 * @param rebuildOnStartup rebuild all sessions at start-up when there are events but no
 * sessions
 * @param deriveDelay how long after a load its sessions are derived, with every load of
 * that while in the same round; zero derives each load in its loader's thread
 */
@ConfigurationProperties("trailscope.sessions")
record SessionProperties(@DefaultValue("60s") Duration clockSkew, @DefaultValue("12h") Duration consoleLength,
		@DefaultValue("12h") Duration defaultLength, @DefaultValue("true") boolean rebuildOnStartup,
		@DefaultValue("1s") Duration deriveDelay) {

	SessionProperties {
		if (clockSkew.isNegative() || consoleLength.isNegative() || defaultLength.isNegative()
				|| deriveDelay.isNegative()) {
			throw new IllegalArgumentException("session durations must not be negative");
		}
	}
}

package io.trailscope.sessions;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of session reconstruction ({@code trailscope.sessions.*}).
 *
 * @param clockSkew how far the creation date a call carries may lie from its issuing event's time
 * @param consoleLength how long a console session is taken to last (console sign-ins state no expiry)
 * @param defaultLength validity assumed when issued credentials state no readable expiration
 * @param rebuildOnStartup rebuild all sessions at start-up when there are events but no sessions
 */
@ConfigurationProperties("trailscope.sessions")
record SessionProperties(@DefaultValue("60s") Duration clockSkew, @DefaultValue("12h") Duration consoleLength,
		@DefaultValue("12h") Duration defaultLength, @DefaultValue("true") boolean rebuildOnStartup) {

	SessionProperties {
		if (clockSkew.isNegative() || consoleLength.isNegative() || defaultLength.isNegative()) {
			throw new IllegalArgumentException("session durations must not be negative");
		}
	}
}

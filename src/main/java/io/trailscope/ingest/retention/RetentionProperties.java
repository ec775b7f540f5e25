package io.trailscope.ingest.retention;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Retention of events ({@code trailscope.retention.*}).
 *
 * @param maxAge how long events are kept, e.g. {@code 400d}; a month is dropped once all
 * of it is older than this. Unset keeps everything forever.
 */
@ConfigurationProperties("trailscope.retention")
record RetentionProperties(Duration maxAge) {

	RetentionProperties {
		if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
			throw new IllegalArgumentException("trailscope.retention.max-age must be positive (e.g. 400d), or unset");
		}
	}
}

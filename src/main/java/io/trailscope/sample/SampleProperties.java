package io.trailscope.sample;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sample trail loaded on the embedded default.
 *
 * @param enabled whether to load it when the application starts on its embedded database
 * with no events
 * @param events about how many events it holds, over the seven days before start-up
 */
@ConfigurationProperties("trailscope.sample")
record SampleProperties(@DefaultValue("true") boolean enabled, @DefaultValue("40000") long events) {

	SampleProperties {
		if (events < 1) {
			throw new IllegalArgumentException("trailscope.sample.events must be positive");
		}
	}
}

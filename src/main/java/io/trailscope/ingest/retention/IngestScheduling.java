package io.trailscope.ingest.retention;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Scheduled housekeeping of the ingest module (retention). The command-line tasks run
 * none: they do their one job and exit, and the console that runs beside them does the
 * housekeeping.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@Profile("!command")
class IngestScheduling {

}

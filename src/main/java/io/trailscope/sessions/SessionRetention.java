package io.trailscope.sessions;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.trailscope.ingest.EventPartitionsDropped;

/**
 * Follows retention: when whole months of events are dropped, the sessions none of whose
 * events remain go too, so no session outlives the retention policy or lists calls that
 * cannot be shown. A session that began in a dropped month but has calls in a kept one
 * stays, with the calls that remain.
 */
@Component
class SessionRetention {

	private static final Logger log = LoggerFactory.getLogger(SessionRetention.class);

	private final SessionStore store;

	SessionRetention(SessionStore store) {
		this.store = store;
	}

	/**
	 * Runs in the transaction that drops the months (the listener runs in the
	 * publisher's), so the sessions go with their events or neither does.
	 */
	@EventListener
	void onPartitionsDropped(EventPartitionsDropped dropped) {
		dropped.months().stream().map(EventPartitionsDropped.Month::to).max(Instant::compareTo).ifPresent(keptFrom -> {
			int deleted = this.store.deleteEndedBefore(keptFrom);
			if (deleted > 0) {
				log.info("Deleted {} session(s) without events left before {}", deleted, keptFrom);
			}
		});
	}

}

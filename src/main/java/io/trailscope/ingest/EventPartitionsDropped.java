package io.trailscope.ingest;

import java.time.Instant;
import java.util.List;

/**
 * Published by retention inside the transaction that drops whole months of events, for
 * modules that keep data derived from them (the rollups): a listener deletes its own rows
 * of those months in the same transaction, without the ingest module knowing them.
 *
 * @param months the time windows whose events are gone
 */
public record EventPartitionsDropped(List<Month> months) {

	public EventPartitionsDropped {
		months = List.copyOf(months);
	}

	/** [from, to) of one dropped partition. */
	public record Month(Instant from, Instant to) {
	}
}

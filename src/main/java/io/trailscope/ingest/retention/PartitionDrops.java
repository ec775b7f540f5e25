package io.trailscope.ingest.retention;

import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.trailscope.ingest.EventPartitions;

/** Owns the statements that drop whole months of {@code events} for retention. */
@Repository
class PartitionDrops {

	private final JdbcClient jdbc;

	private final EventPartitions partitions;

	PartitionDrops(JdbcClient jdbc, EventPartitions partitions) {
		this.jdbc = jdbc;
		this.partitions = partitions;
	}

	/**
	 * Drops whole monthly partitions of {@code events} that end at or before the cutoff,
	 * in the caller's transaction. Holds the lock that {@code ensure_event_partitions}
	 * takes, so a loader cannot create a month while it is being dropped; a load already
	 * inserting into a month being dropped waits for the drop and then fails (no
	 * partition for its rows), and is retried like any database failure. Gives up
	 * (throws) rather than queue searches behind it for long when a long-running query
	 * holds the table.
	 * @return the partitions dropped
	 */
	List<EventPartitions.Partition> dropEndingBy(Instant cutoff) {
		this.jdbc.sql("select pg_advisory_xact_lock(hashtext('events_partitions'))").query().listOfRows();
		this.jdbc.sql("set local lock_timeout = '10s'").update();
		List<EventPartitions.Partition> dropped = this.partitions.list()
			.stream()
			.filter(p -> p.to() != null && !p.to().isAfter(cutoff))
			.toList();
		for (EventPartitions.Partition partition : dropped) {
			// an identifier cannot be a bound parameter: PostgreSQL quotes the catalog's
			// own name
			String drop = this.jdbc.sql("select format('drop table %I', cast(:name as text))")
				.param("name", partition.name())
				.query(String.class)
				.single();
			this.jdbc.sql(drop).update();
		}
		return dropped;
	}

}

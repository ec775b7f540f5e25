package io.trailscope.events;

import java.util.function.Consumer;

import org.springframework.stereotype.Service;

/**
 * What other modules may ask of events: every row or record matching a search, streamed
 * in the search's order at constant memory (a database cursor inside a read-only
 * transaction), for exports and scripts. Read a search from request parameters with
 * {@link EventSearch#of}.
 */
@Service
public class Events {

	private final EventStore store;

	private final SearchJdbc jdbc;

	Events(EventStore store, SearchJdbc jdbc) {
		this.store = store;
		this.jdbc = jdbc;
	}

	/**
	 * Every matching row, with the search's selected JSON path columns filled in.
	 * @throws IllegalArgumentException if the search has a {@link EventSearch#problem()
	 * problem}
	 */
	public void stream(EventSearch search, Consumer<EventRow> rows) {
		requireValid(search);
		this.jdbc.stream(() -> this.store.stream(search, false, rows));
	}

	/**
	 * The JSON text of every matching record (as stored, secrets redacted), one per call.
	 * @throws IllegalArgumentException if the search has a {@link EventSearch#problem()
	 * problem}
	 */
	public void streamRecords(EventSearch search, Consumer<String> records) {
		requireValid(search);
		this.jdbc.stream(() -> this.store.stream(search, true, row -> records.accept(row.record())));
	}

	private static void requireValid(EventSearch search) {
		search.problem().ifPresent(message -> {
			throw new IllegalArgumentException(message);
		});
	}

}

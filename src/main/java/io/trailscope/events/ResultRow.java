package io.trailscope.events;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.springframework.web.util.UriUtils;

/**
 * A row of the results table with its cells worked out here rather than in the template:
 * a page of 100 rows is 1,000 cells, and deciding each cell's form in the template cost
 * more than the query.
 */
record ResultRow(String eventId, String label, boolean failed, List<Cell> cells) {

	static ResultRow of(EventRow row, List<Column> columns) {
		List<Cell> cells = new ArrayList<>(columns.size());
		String eventPath = "/events/" + UriUtils.encodePathSegment(row.eventId(), StandardCharsets.UTF_8);
		for (Column column : columns) {
			cells.add(switch (column.id()) {
				case "time" -> new Cell("time", row.eventTime().toString(), null, null, null, null);
				case "event" -> new Cell("link", blankAsNone(row.eventName()),
						eventPath + "#copy-"
								+ UriUtils.encodeFragment(row.recipientAccountId(), StandardCharsets.UTF_8),
						null, null, "event-link");
				case "who" -> new Cell("text", row.principal(), null, row.principalArn(), row.identityType(), null);
				case "error" -> new Cell("text", row.errorCode(), null, row.errorMessage(), null, "error");
				case "session" -> row.sessionLink()
						? new Cell("link", "session", eventPath + "/session", null, null, null) : Cell.EMPTY;
				case "agent" -> new Cell("text", row.userAgent(), null, null, null, "small");
				// a record of eventVersion 1.01 names no account, and not every key does
				// either
				case "account" -> (row.recipientAccountId() == null || row.recipientAccountId().isBlank())
						? new Cell("text", "(none)", null, "the record names no account", null, "muted")
						: new Cell("text", row.recipientAccountId(), null, null, null, null);
				default ->
					new Cell("text", row.value(column.id()), null, null, null, column.json() ? "mono small" : null);
			});
		}
		String label = blankAsNone(row.eventName()) + " at " + row.eventTime() + " by " + blankAsNone(row.principal());
		return new ResultRow(row.eventId(), label, row.failed(), cells);
	}

	private static String blankAsNone(String value) {
		return (value == null || value.isBlank()) ? "(none)" : value;
	}

	/**
	 * @param kind time, link or text
	 * @param note a muted addition (the identity type beside the principal)
	 * @param css the classes of the cell's content
	 */
	record Cell(String kind, String text, String href, String title, String note, String css) {

		static final Cell EMPTY = new Cell("text", null, null, null, null, null);

	}
}

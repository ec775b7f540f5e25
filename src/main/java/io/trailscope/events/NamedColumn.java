package io.trailscope.events;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

/**
 * The named columns of the results table and of the CSV export, each defined once: its
 * {@code col} id, the table's header, the CSV header (CloudTrail's own name for the
 * field, so a spreadsheet lines up with the records), and its text for a row. In the
 * order they are offered.
 */
enum NamedColumn {

	TIME("time", "Time (UTC)", "eventTime", row -> row.eventTime().toString()),
	WHO("who", "Who", "principal", EventRow::principal), EVENT("event", "Event", "eventName", EventRow::eventName),
	SOURCE("source", "Source", "eventSource", EventRow::eventSource),
	REGION("region", "Region", "awsRegion", EventRow::awsRegion),
	ACCOUNT("account", "Account", "recipientAccountId", EventRow::recipientAccountId),
	IP("ip", "Source IP", "sourceIPAddress", EventRow::sourceAddress),
	AGENT("agent", "User agent", "userAgent", EventRow::userAgent),
	ERROR("error", "Error", "errorCode", EventRow::errorCode),
	KEY("key", "Access key", "accessKeyId", EventRow::accessKeyId),
	IDENTITY("identity", "Identity type", "userIdentity.type", EventRow::identityType),
	SESSION("session", "Session", "session", row -> row.sessionLink() ? "/events/" + row.eventId() + "/session" : null);

	private final String id;

	private final String label;

	private final String header;

	private final Function<EventRow, String> value;

	NamedColumn(String id, String label, String header, Function<EventRow, String> value) {
		this.id = id;
		this.label = label;
		this.header = header;
		this.value = value;
	}

	/** The {@code col} parameter's value. */
	public String id() {
		return this.id;
	}

	/** The results table's header. */
	public String label() {
		return this.label;
	}

	/** The CSV export's header. */
	String header() {
		return this.header;
	}

	/** The row's text in this column, null when it has none. */
	String value(EventRow row) {
		return this.value.apply(row);
	}

	static Optional<NamedColumn> of(String id) {
		return Arrays.stream(values()).filter(column -> column.id.equals(id)).findFirst();
	}

}

package io.trailscope.events;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * One matching event as the results table and the exports show it: the core columns, the
 * values of the selected JSON path columns, and the record itself where it was asked for.
 */
public record EventRow(Instant eventTime, long seq, String eventId, String recipientAccountId, String eventName,
		String eventSource, String awsRegion, String sourceAddress, String userAgent, String errorCode,
		String errorMessage, String principal, String principalArn, String identityType, String accessKeyId,
		Boolean readOnly, Map<String, String> paths, String record) {

	/** The events that issue credentials, and so begin a role or console session. */
	public static final Set<String> ISSUING_EVENT_NAMES = Set.of("AssumeRole", "AssumeRoleWithSAML",
			"AssumeRoleWithWebIdentity", "GetSessionToken", "GetFederationToken", "AssumeRoot", "ConsoleLogin",
			"SwitchRole");

	public EventRow {
		paths = (paths == null) ? Map.of() : paths;
	}

	/**
	 * The text of a column for this row: a named column ({@code time}, {@code who},
	 * {@code event}, {@code source}, {@code region}, {@code account}, {@code ip},
	 * {@code agent}, {@code error}, {@code key}, {@code identity}, {@code session}) or a
	 * JSON path that was selected; empty when the row has no value.
	 */
	public String value(String column) {
		String value = NamedColumn.of(column).map(named -> named.value(this)).orElseGet(() -> this.paths.get(column));
		return value == null ? "" : value;
	}

	/** True when the event failed. */
	public boolean failed() {
		return this.errorCode != null;
	}

	/** True when the event was made with, or created, a session worth following. */
	public boolean sessionLink() {
		return "AssumedRole".equals(this.identityType) || "FederatedUser".equals(this.identityType)
				|| (this.accessKeyId != null && this.accessKeyId.startsWith("ASIA"))
				|| (this.eventName != null && ISSUING_EVENT_NAMES.contains(this.eventName));
	}
}

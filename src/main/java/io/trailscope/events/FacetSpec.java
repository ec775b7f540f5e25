package io.trailscope.events;

import java.util.List;

/**
 * A facet of the search page: its id, label, the events column it counts, the
 * query-language field that names it (in JSON answers and "(none)" links), the filter a
 * click adds, and the rollup dimension that counts it, if one does.
 */
record FacetSpec(String id, String label, String column, String field, FilterKind kind, Dimension dimension) {

	static final List<FacetSpec> ALL = List.of(
			new FacetSpec("name", "Event name", "event_name", "eventName", FilterKind.NAME, Dimension.NAME),
			new FacetSpec("source", "Event source", "event_source", "eventSource", FilterKind.SOURCE, Dimension.SOURCE),
			new FacetSpec("principal", "Principal", "principal", "principal", FilterKind.PRINCIPAL,
					Dimension.PRINCIPAL),
			new FacetSpec("error", "Error code", "error_code", "errorCode", FilterKind.ERROR, Dimension.ERROR),
			new FacetSpec("region", "Region", "aws_region", "awsRegion", FilterKind.REGION, Dimension.REGION),
			new FacetSpec("account", "Account", "recipient_account_id", "recipientAccountId", FilterKind.ACCOUNT,
					Dimension.ACCOUNT),
			new FacetSpec("identity", "Identity type", "identity_type", "userIdentity.type", FilterKind.IDENTITY,
					Dimension.IDENTITY),
			new FacetSpec("ip", "Source IP", "source_address", "sourceIPAddress", FilterKind.IP, null),
			new FacetSpec("agent", "User agent", "user_agent", "userAgent", FilterKind.AGENT, null));

}

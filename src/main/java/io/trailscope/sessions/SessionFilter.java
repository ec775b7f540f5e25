package io.trailscope.sessions;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.web.util.UriComponentsBuilder;

/**
 * The filters of the session list, bound from GET parameters: role (name or ARN,
 * contains), principal (root principal, signer, or session name, contains), account,
 * source identity, and a time range that sessions must overlap ({@code from}/{@code to}
 * as ISO-8601 instants or {@code now-7d}); the order ({@code sort}: {@code created},
 * {@code calls}, {@code errors} or {@code last} activity; {@code dir}: {@code asc} or
 * {@code desc}, the default); {@code empty=show} to list sessions with no calls too,
 * which are left out by default (most are credentials issued and never used, and they
 * bury the ones that were); {@code cursor} is the keyset position of "load more", the
 * order's value and the id.
 */
record SessionFilter(String role, String principal, String account, String sourceIdentity, String from, String to,
		String sort, String dir, String empty, String cursor) {

	private static final Pattern RELATIVE = Pattern.compile("now(?:-(\\d+)([smhdw]))?");

	SessionFilter {
		role = blankToNull(role);
		principal = blankToNull(principal);
		account = blankToNull(account);
		sourceIdentity = blankToNull(sourceIdentity);
		from = blankToNull(from);
		to = blankToNull(to);
		// the defaults are left out, so that one view has one URL
		sort = SessionSort.CREATED.parameter().equals(sort) ? null : blankToNull(sort);
		dir = "desc".equals(dir) ? null : blankToNull(dir);
		empty = "show".equals(blankToNull(empty)) ? "show" : null;
		cursor = blankToNull(cursor);
	}

	/** Every session matching the filters, with or without calls, newest first. */
	static SessionFilter all(String role, String account) {
		return new SessionFilter(role, null, account, null, null, null, null, null, "show", null);
	}

	Instant fromTime(Instant now) {
		return time(this.from, now, "from");
	}

	Instant toTime(Instant now) {
		return time(this.to, now, "to");
	}

	SessionSort order() {
		return SessionSort.of(this.sort);
	}

	/**
	 * Whether the order is ascending.
	 * @throws IllegalArgumentException for a direction other than asc or desc
	 */
	boolean ascending() {
		if (this.dir != null && !"asc".equals(this.dir)) {
			throw new IllegalArgumentException("'dir' must be asc or desc");
		}
		return this.dir != null;
	}

	public boolean showEmpty() {
		return this.empty != null;
	}

	/**
	 * Where "load more" starts, or null for the first page.
	 * @throws IllegalArgumentException for a malformed position
	 */
	Position position() {
		if (this.cursor == null) {
			return null;
		}
		int tilde = this.cursor.indexOf('~');
		if (tilde < 0) {
			throw new IllegalArgumentException("Malformed position \"" + this.cursor + "\".");
		}
		return new Position(order().parse(this.cursor.substring(0, tilde)), this.cursor.substring(tilde + 1));
	}

	/**
	 * A keyset position in the list: the order's value, as the parameter to bind (a time
	 * or a count), and the id of the last session shown.
	 */
	record Position(Object value, String id) {
	}

	/** The position after a session, in this filter's order. */
	String positionAfter(Session session) {
		return order().positionOf(session) + "~" + session.id();
	}

	/**
	 * The first page in the order of a column header: the column's, the other way round
	 * when the list is in it already, else largest (newest) first.
	 */
	public String sortUrl(String column) {
		SessionSort target = SessionSort.of(column);
		String direction = (target == order() && !ascending()) ? "asc" : null;
		return new SessionFilter(this.role, this.principal, this.account, this.sourceIdentity, this.from, this.to,
				column, direction, this.empty, null)
			.query(null);
	}

	/** {@code aria-sort} of a column header. */
	public String ariaSort(String column) {
		if (SessionSort.of(column) != order()) {
			return "none";
		}
		return ascending() ? "ascending" : "descending";
	}

	/**
	 * The same filter at another position, as a URL query (for "load more" and the pushed
	 * URL).
	 */
	String query(String cursor) {
		Map<String, String> values = new LinkedHashMap<>();
		values.put("role", this.role);
		values.put("principal", this.principal);
		values.put("account", this.account);
		values.put("sourceIdentity", this.sourceIdentity);
		values.put("from", this.from);
		values.put("to", this.to);
		values.put("sort", this.sort);
		values.put("dir", this.dir);
		values.put("empty", this.empty);
		values.put("cursor", cursor);
		UriComponentsBuilder uri = UriComponentsBuilder.fromPath("/sessions");
		values.forEach((name, value) -> {
			if (value != null) {
				uri.queryParam(name, value);
			}
		});
		return uri.encode().build().toUriString();
	}

	/** This filter over another time range, from its first page. */
	public String withFrom(String newFrom) {
		return new SessionFilter(this.role, this.principal, this.account, this.sourceIdentity, newFrom, null, this.sort,
				this.dir, this.empty, null)
			.query(null);
	}

	/**
	 * This filter with or without the sessions that made no calls, from its first page.
	 */
	public String withEmpty(String newEmpty) {
		return new SessionFilter(this.role, this.principal, this.account, this.sourceIdentity, this.from, this.to,
				this.sort, this.dir, newEmpty, null)
			.query(null);
	}

	static Instant time(String value, Instant now, String name) {
		if (value == null) {
			return null;
		}
		Matcher relative = RELATIVE.matcher(value.strip());
		if (relative.matches()) {
			if (relative.group(1) == null) {
				return now;
			}
			long amount = Long.parseLong(relative.group(1));
			Duration unit = switch (relative.group(2)) {
				case "s" -> Duration.ofSeconds(1);
				case "m" -> Duration.ofMinutes(1);
				case "h" -> Duration.ofHours(1);
				case "d" -> Duration.ofDays(1);
				default -> Duration.ofDays(7);
			};
			return now.minus(unit.multipliedBy(amount));
		}
		try {
			return Instant.parse(value.strip());
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException("'" + name + "' must be an ISO-8601 instant or now-N(s|m|h|d|w)");
		}
	}

	static String blankToNull(String value) {
		return value == null || value.isBlank() ? null : value.strip();
	}
}

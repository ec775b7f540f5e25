package io.trailscope.sessions;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.web.util.UriComponentsBuilder;

import io.trailscope.web.Keyset;

/**
 * The filters of the session list, bound from GET parameters: role (name or ARN,
 * contains), principal (root principal, signer, or session name, contains), account,
 * source identity, and a time range that sessions must overlap ({@code from}/{@code to}
 * as ISO-8601 instants or {@code now-7d}); {@code cursor} is the keyset position of "load
 * more".
 */
record SessionFilter(String role, String principal, String account, String sourceIdentity, String from, String to,
		String cursor) {

	private static final Pattern RELATIVE = Pattern.compile("now(?:-(\\d+)([smhdw]))?");

	SessionFilter {
		role = blankToNull(role);
		principal = blankToNull(principal);
		account = blankToNull(account);
		sourceIdentity = blankToNull(sourceIdentity);
		from = blankToNull(from);
		to = blankToNull(to);
		cursor = blankToNull(cursor);
	}

	Instant fromTime(Instant now) {
		return time(this.from, now, "from");
	}

	Instant toTime(Instant now) {
		return time(this.to, now, "to");
	}

	Keyset position() {
		return Keyset.parse(this.cursor);
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
		return new SessionFilter(this.role, this.principal, this.account, this.sourceIdentity, newFrom, null, null)
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

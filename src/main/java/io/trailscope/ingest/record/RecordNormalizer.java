package io.trailscope.ingest.record;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;
import io.trailscope.query.SearchTerms;

/**
 * Turns a CloudTrail record of any eventVersion (1.0 to 1.11) and any identity type into
 * the row that is stored: core columns, display principal, search terms, and the redacted
 * record. Unknown fields stay in the record; fields of an unexpected type are read
 * leniently rather than rejected.
 */
public final class RecordNormalizer {

	private static final int MAX_TERM_LENGTH = SearchTerms.MAX_TERM_LENGTH;

	private static final int MAX_TERMS = 400;

	private static final Pattern IPV4 = Pattern
		.compile("^((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$");

	private static final Pattern IPV6 = Pattern.compile("^[0-9a-fA-F:.]+$");

	private static final DateTimeFormatter BASIC_ISO = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssX");

	private final ObjectMapper mapper;

	private final Redactor redactor = new Redactor();

	private final IngestLimits limits;

	private final Clock clock;

	public RecordNormalizer(ObjectMapper mapper) {
		this(mapper, IngestLimits.defaults(), Clock.systemUTC());
	}

	/**
	 * @param limits the window of plausible event times
	 * @param clock what "ahead" of {@link IngestLimits#maxEventTimeAhead()} is measured
	 * from
	 */
	public RecordNormalizer(ObjectMapper mapper, IngestLimits limits, Clock clock) {
		this.mapper = mapper;
		this.limits = limits;
		this.clock = clock;
	}

	public NormalizedEvent normalize(ObjectNode record) {
		return normalize(record, null);
	}

	/**
	 * As {@link #normalize(ObjectNode)}, with the account the object's key names for the
	 * records that name no recipient account (eventVersion 1.01 and hand-made files). The
	 * record's own account wins, and the key's is not written into the stored record.
	 * @param keyAccount the account of the object's key, or null if it names none
	 */
	public NormalizedEvent normalize(ObjectNode record, String keyAccount) {
		String eventId = text(record.get("eventID"));
		if (eventId == null || eventId.isBlank()) {
			throw new RejectedRecordException("no eventID");
		}
		String rawTime = text(record.get("eventTime"));
		if (rawTime == null) {
			throw new RejectedRecordException("no eventTime (eventID " + clip(eventId) + ")");
		}
		Instant eventTime = parseTime(rawTime);
		if (eventTime == null) {
			throw new RejectedRecordException(
					"unreadable eventTime '" + clip(rawTime) + "' (eventID " + clip(eventId) + ")");
		}
		checkPlausible(eventTime, rawTime, eventId);
		// the store keeps microseconds, rounding what is finer; the loader compares keys
		// with what it stored
		eventTime = toMicros(eventTime);
		this.redactor.redact(record);
		// empty rather than null when nothing names the account: the column is part of
		// the primary key
		String recipient = nullToEmpty(firstNonBlank(text(record.get("recipientAccountId")), keyAccount));
		return derive(record, eventId.strip(), eventTime, recipient);
	}

	/**
	 * The row of a record that has been checked and redacted: what {@link #normalize}
	 * stores, and what a stored record becomes when it is redacted again.
	 * @param recipient the recipient account of the row's key, empty if none
	 */
	public NormalizedEvent derive(ObjectNode record, String eventId, Instant eventTime, String recipient) {
		JsonNode identity = record.path("userIdentity");
		JsonNode context = identity.path("sessionContext");
		JsonNode issuer = context.path("sessionIssuer");
		JsonNode attributes = context.path("attributes");
		String identityType = text(identity.get("type"));
		String arn = text(identity.get("arn"));
		String userName = text(identity.get("userName"));
		String invokedBy = text(identity.get("invokedBy"));
		String accountId = text(identity.get("accountId"));
		String principalId = text(identity.get("principalId"));
		String sourceAddress = text(record.get("sourceIPAddress"));
		String sourceIdentity = firstNonBlank(text(context.get("sourceIdentity")),
				text(identity.get("sourceIdentity")));
		String issuerUserName = text(issuer.get("userName"));
		String creation = text(attributes.get("creationDate"));

		return new NormalizedEvent(eventTime, eventId, recipient, text(record.get("eventVersion")),
				text(record.get("eventName")), text(record.get("eventSource")), text(record.get("awsRegion")),
				sourceAddress, ipAddress(sourceAddress), text(record.get("userAgent")), text(record.get("errorCode")),
				text(record.get("errorMessage")), bool(record.get("readOnly")), text(record.get("eventType")),
				text(record.get("eventCategory")), bool(record.get("managementEvent")),
				text(record.get("sharedEventID")), text(record.get("requestID")), identityType, principalId,
				blankToNull(arn), accountId, blankToNull(text(identity.get("accessKeyId"))), userName, invokedBy,
				text(issuer.get("type")), blankToNull(text(issuer.get("arn"))), issuerUserName,
				bool(attributes.get("mfaAuthenticated")), creation == null ? null : parseTime(creation), sourceIdentity,
				displayPrincipal(identityType, identity, arn, userName, invokedBy, accountId, principalId,
						issuerUserName),
				searchTerms(record), sanitize(this.mapper.writeValueAsString(record)));
	}

	/**
	 * Every month of events gets a partition, and a partition costs every query over its
	 * range: a time before CloudTrail existed, or far ahead of the clock, is a mistake or
	 * an attack, and one file of them could create hundreds of partitions.
	 */
	private void checkPlausible(Instant eventTime, String rawTime, String eventId) {
		if (eventTime.isBefore(this.limits.earliestEvent())) {
			throw new RejectedRecordException(
					"eventTime '" + clip(rawTime.strip()) + "' is before " + this.limits.earliestEventTime()
							+ " (trailscope.ingest.limits.earliest-event-time) (eventID " + clip(eventId) + ")");
		}
		if (eventTime.isAfter(this.limits.latestEvent(this.clock))) {
			throw new RejectedRecordException("eventTime '" + clip(rawTime.strip()) + "' is more than "
					+ describe(this.limits.maxEventTimeAhead())
					+ " ahead of this server's clock (trailscope.ingest.limits.max-event-time-ahead) (eventID "
					+ clip(eventId) + ")");
		}
	}

	/**
	 * The "who" an analyst reads: the IAM user's name, {@code role/session} for an
	 * assumed role, the service for AWS services, {@code root}, or the best the identity
	 * offers.
	 */
	static String displayPrincipal(String type, JsonNode identity, String arn, String userName, String invokedBy,
			String accountId, String principalId, String issuerUserName) {
		String fromArn = arnResource(arn);
		String result = switch (type == null ? "" : type) {
			case "Root" -> "root";
			case "IAMUser" -> firstNonBlank(userName, afterLast(fromArn, "user/"));
			case "AssumedRole" -> firstNonBlank(afterFirst(fromArn, "assumed-role/"),
					issuerUserName == null ? null : issuerUserName + "/" + afterFirst(principalId, ":"));
			case "FederatedUser" -> firstNonBlank(afterFirst(fromArn, "federated-user/"), userName);
			case "AWSService" -> firstNonBlank(invokedBy, text(identity.get("invokedBy")));
			case "AWSAccount" -> "account " + firstNonBlank(accountId, principalId, "unknown")
					+ (invokedBy == null ? "" : " via " + invokedBy);
			case "IdentityCenterUser" -> firstNonBlank(userName, text(identity.path("onBehalfOf").get("userId")),
					text(identity.get("credentialId")));
			default -> firstNonBlank(userName, fromArn, principalId, invokedBy);
		};
		return firstNonBlank(result, userName, fromArn, principalId, invokedBy);
	}

	/**
	 * A value from the record as a reason quotes it: a record may hold megabytes where a
	 * time belongs.
	 */
	private static String clip(String value) {
		return value.length() <= 80 ? value : value.substring(0, 80) + "...";
	}

	private static String describe(Duration duration) {
		if (duration.toSeconds() % 86_400 == 0 && !duration.isZero()) {
			long days = duration.toDays();
			return days + (days == 1 ? " day" : " days");
		}
		if (duration.toSeconds() % 3600 == 0 && !duration.isZero()) {
			return duration.toHours() + " h";
		}
		return duration.toSeconds() + " s";
	}

	/**
	 * Rounds to the microsecond, as PostgreSQL does with finer timestamps (a tie, which
	 * no trail writes, rounds up).
	 */
	static Instant toMicros(Instant time) {
		long nanos = time.getNano() % 1000;
		Instant truncated = time.minusNanos(nanos);
		return nanos >= 500 ? truncated.plusNanos(1000) : truncated;
	}

	/**
	 * Reads eventTime and creationDate in every form seen: extended ISO, basic ISO, "date
	 * time".
	 */
	static Instant parseTime(String raw) {
		String value = raw.strip();
		try {
			return OffsetDateTime.parse(value).toInstant();
		}
		catch (DateTimeParseException ignored) {
			// try the other forms
		}
		try {
			return OffsetDateTime.parse(value, BASIC_ISO).toInstant();
		}
		catch (DateTimeParseException ignored) {
			// try the other forms
		}
		String iso = value.replace(' ', 'T');
		try {
			return OffsetDateTime.parse(iso).toInstant();
		}
		catch (DateTimeParseException ignored) {
			// try without an offset
		}
		try {
			return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
		}
		catch (DateTimeParseException ignored) {
			return null;
		}
	}

	/**
	 * The address form of sourceIPAddress, or null for service names and other
	 * non-addresses.
	 */
	static String ipAddress(String value) {
		if (value == null) {
			return null;
		}
		String candidate = value.strip();
		if (IPV4.matcher(candidate).matches()) {
			return candidate;
		}
		if (candidate.indexOf(':') >= 0 && IPV6.matcher(candidate).matches()) {
			try {
				return InetAddress.getByName(candidate).getHostAddress();
			}
			catch (UnknownHostException ex) {
				return null;
			}
		}
		return null;
	}

	/**
	 * Every distinct string value of the record that is {@linkplain SearchTerms#indexed
	 * indexed}, lower-cased, and the parts of compound values (ARNs, paths, key=value
	 * lists), so that searching for an instance ID or a bucket name finds it wherever in
	 * the record it stands, through an index.
	 */
	static List<String> searchTerms(JsonNode record) {
		Set<String> terms = new LinkedHashSet<>();
		collect(record, terms);
		return List.copyOf(terms);
	}

	private static void collect(JsonNode node, Set<String> terms) {
		if (terms.size() >= MAX_TERMS) {
			return;
		}
		if (node.isString()) {
			addTerms(node.stringValue(), terms);
		}
		else if (node.isContainer()) {
			for (JsonNode child : node.values()) {
				collect(child, terms);
			}
		}
	}

	static void addTerms(String value, Set<String> terms) {
		if (value.isEmpty() || value.length() > 4 * MAX_TERM_LENGTH) {
			return;
		}
		String lower = SearchTerms.normalize(value);
		if (!SearchTerms.indexed(lower)) {
			return;
		}
		if (lower.length() <= MAX_TERM_LENGTH) {
			terms.add(lower);
		}
		for (String part : SearchTerms.parts(lower)) {
			if (terms.size() < MAX_TERMS) {
				terms.add(part);
			}
		}
	}

	static String text(JsonNode node) {
		if (node == null || node.isNull() || node.isMissingNode() || node.isContainer()) {
			return null;
		}
		return sanitize(node.isString() ? node.stringValue() : node.asString());
	}

	private static Boolean bool(JsonNode node) {
		if (node == null || node.isNull() || node.isMissingNode()) {
			return null;
		}
		if (node.isBoolean()) {
			return node.booleanValue();
		}
		String value = text(node);
		if ("true".equalsIgnoreCase(value)) {
			return Boolean.TRUE;
		}
		if ("false".equalsIgnoreCase(value)) {
			return Boolean.FALSE;
		}
		return null;
	}

	/** PostgreSQL accepts no NUL character in text or jsonb. */
	private static String sanitize(String value) {
		if (value == null) {
			return null;
		}
		String result = value.indexOf('\0') >= 0 ? value.replace('\0', '\uFFFD') : value;
		return result.contains("\\u0000") ? result.replace("\\u0000", "\\uFFFD") : result;
	}

	private static String arnResource(String arn) {
		if (arn == null) {
			return null;
		}
		String[] parts = arn.split(":", 6);
		return parts.length == 6 ? parts[5] : arn;
	}

	private static String afterFirst(String value, String marker) {
		if (value == null) {
			return null;
		}
		int i = value.indexOf(marker);
		return i < 0 ? null : value.substring(i + marker.length());
	}

	private static String afterLast(String value, String marker) {
		if (value == null) {
			return null;
		}
		int i = value.lastIndexOf(marker);
		return i < 0 ? null : value.substring(i + marker.length());
	}

	private static String firstNonBlank(String... values) {
		for (String value : values) {
			if (value != null && !value.isBlank()) {
				return value;
			}
		}
		return null;
	}

	private static String blankToNull(String value) {
		return value == null || value.isBlank() ? null : value;
	}

	private static String nullToEmpty(String value) {
		return value == null ? "" : value.strip();
	}

	/**
	 * A single record that cannot be stored (no eventID, no readable or plausible
	 * eventTime); its file goes on.
	 */
	public static final class RejectedRecordException extends RuntimeException {

		RejectedRecordException(String message) {
			super(message);
		}

	}

}

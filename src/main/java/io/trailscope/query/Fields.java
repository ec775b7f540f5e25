package io.trailscope.query;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import io.trailscope.query.Field.Kind;
import java.util.ArrayList;

/**
 * The named fields of the query language, for the parser, the compiler, the help page and
 * the search form. Names and aliases are case-insensitive. Any other dotted path
 * ({@code requestParameters.bucketName}) is a path into the record: see
 * {@link #isRecordPath}.
 */
public final class Fields {

	private static final List<Field> ALL = List.of(
			text("eventName", List.of("event"), "The API call or console action, as CloudTrail names it.", "event_name",
					"ConsoleLogin"),
			text("eventSource", List.of("service"), "The service called, as its endpoint name.", "event_source",
					"iam.amazonaws.com"),
			text("awsRegion", List.of("region"), "The region the call was made in.", "aws_region", "us-east-1"),
			text("recipientAccountId", List.of("account"), "The account that received the event (whose trail has it).",
					"recipient_account_id", "123456789012"),
			new Field("sourceIPAddress", List.of("ip"),
					"The caller's address: an address or CIDR (72.21.0.0/16, 2001:db8::/32) is matched as a network, "
							+ "anything else (a service name, AWS Internal) as written.",
					Kind.ADDRESS, "source_ip", "203.0.113.0/24"),
			text("userAgent", List.of("agent"), "The client: console, SDK, CLI or service.", "user_agent", "aws-cli/*"),
			text("errorCode", List.of("error"), "The error of a failed call; errorCode:* for every failure.",
					"error_code", "AccessDenied"),
			text("errorMessage", List.of(), "The error message of a failed call.", "error_message", "*not authorized*"),
			bool("readOnly", List.of(), "true for calls that only read, false for changes.", "read_only", "false"),
			text("eventType", List.of(), "AwsApiCall, AwsConsoleSignIn, AwsServiceEvent, ...", "event_type",
					"AwsConsoleSignIn"),
			text("eventCategory", List.of(), "Management, Data or Insight.", "event_category", "Management"),
			bool("managementEvent", List.of(), "true for management events.", "management_event", "true"),
			text("sharedEventID", List.of(), "Shared by the copies of one cross-account call.", "shared_event_id",
					"3f6b2c1e-7c2a-4d2e-9a57-0f1d5d7b2a10"),
			text("requestID", List.of(), "The service's request ID.", "request_id",
					"5b4bd3a2-0000-4e0f-b0e5-000000000000"),
			text("eventID", List.of("id"), "The event's own ID.", "event_id", "0a1b2c3d-0000-4000-8000-000000000000"),
			text("eventVersion", List.of(), "The record format version.", "event_version", "1.08"),
			text("userIdentity.type", List.of("type"),
					"Root, IAMUser, AssumedRole, FederatedUser, AWSService, AWSAccount, IdentityCenterUser, ...",
					"identity_type", "AssumedRole"),
			text("userIdentity.principalId", List.of("principalId"), "The caller's principal ID.", "principal_id",
					"AROAEXAMPLEID:alice"),
			text("userIdentity.arn", List.of("arn"), "The caller's ARN.", "principal_arn",
					"arn:aws:iam::123456789012:user/alice"),
			text("userIdentity.accountId", List.of(),
					"The account of the caller (differs from account for " + "cross-account calls).",
					"identity_account_id", "123456789012"),
			text("userIdentity.accessKeyId", List.of("key"), "The access key used (AKIA… long-term, ASIA… temporary).",
					"access_key_id", "AKIAIOSFODNN7EXAMPLE"),
			text("userIdentity.userName", List.of("userName"), "The IAM user's name (or root's alias).", "user_name",
					"alice"),
			text("userIdentity.invokedBy", List.of("invokedBy"),
					"The AWS service that made the call on the caller's " + "behalf.", "invoked_by",
					"cloudformation.amazonaws.com"),
			text("userIdentity.sessionContext.sessionIssuer.arn", List.of("issuerArn"),
					"The ARN of the role (or user) that issued the temporary credentials.", "session_issuer_arn",
					"arn:aws:iam::123456789012:role/admin"),
			text("userIdentity.sessionContext.sessionIssuer.userName", List.of("issuer"),
					"The name of the role (or user) that issued the temporary credentials.", "session_issuer_user_name",
					"admin"),
			text("userIdentity.sessionContext.sessionIssuer.type", List.of("issuerType"), "Role, IAMUser or Root.",
					"session_issuer_type", "Role"),
			bool("userIdentity.sessionContext.attributes.mfaAuthenticated", List.of("mfa"),
					"Whether the temporary credentials were issued after MFA.", "mfa_authenticated", "false"),
			text("sourceIdentity", List.of("userIdentity.sessionContext.sourceIdentity"),
					"The source identity set when the role was assumed.", "source_identity", "alice@example.com"),
			text("principal", List.of(), "The \"who\" as shown in the lists: user name, role/session, service or root.",
					"principal", "admin/alice-session"),
			new Field("user", List.of(),
					"Who, whichever way you know them: the principal as shown, the IAM user name, the ARN or the name of "
							+ "the role whose session it was (user:alice, user:admin/alice-session, user:arn:aws:...).",
					Kind.USER, null, "alice"),
			new Field("role", List.of(), "The role (or user) that issued the session's credentials: its name or ARN.",
					Kind.ROLE, null, "admin"),
			new Field("resource", List.of(),
					"An ARN listed in the event's resources, or a whole value or part anywhere in the record "
							+ "(a bucket, instance ID, key ARN), case-insensitive.",
					Kind.RESOURCE, null, "arn:aws:s3:::my-bucket"));

	private static final Map<String, Field> BY_NAME = index();

	/**
	 * CloudTrail's top-level keys. A record path's first segment is matched against these
	 * case-insensitively and written in their spelling; deeper segments are taken as
	 * typed.
	 */
	private static final Map<String, String> TOP_LEVEL = topLevel(Set.of("eventVersion", "userIdentity", "eventTime",
			"eventSource", "eventName", "awsRegion", "sourceIPAddress", "userAgent", "errorCode", "errorMessage",
			"requestParameters", "responseElements", "additionalEventData", "requestID", "eventID", "readOnly",
			"resources", "eventType", "apiVersion", "managementEvent", "recipientAccountId", "serviceEventDetails",
			"sharedEventID", "vpcEndpointId", "vpcEndpointAccountId", "eventCategory", "addendum",
			"sessionCredentialFromConsole", "edgeDeviceDetails", "tlsDetails", "insightDetails"));

	private Fields() {
	}

	/**
	 * The named field for a name or alias, case-insensitive; empty for record paths and
	 * unknown names.
	 */
	public static Optional<Field> resolve(String name) {
		return (name == null) ? Optional.empty() : Optional.ofNullable(BY_NAME.get(name.toLowerCase(Locale.ROOT)));
	}

	/**
	 * The name or alias closest to a mistyped name (at most two edits away), for "did you
	 * mean".
	 */
	static Optional<String> closest(String name) {
		String typed = name.toLowerCase(Locale.ROOT);
		String best = null;
		// short names are one typo from many others: only suggest what is clearly meant
		int bestDistance = (typed.length() >= 6) ? 3 : 2;
		for (Field field : ALL) {
			List<String> names = new ArrayList<>(field.aliases());
			names.add(0, field.name());
			for (String candidate : names) {
				int distance = distance(typed, candidate.toLowerCase(Locale.ROOT));
				if (distance < bestDistance) {
					best = candidate;
					bestDistance = distance;
				}
			}
		}
		return Optional.ofNullable(best);
	}

	/** Levenshtein distance, for names of a few dozen characters. */
	private static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int cost = (a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1;
				current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

	/**
	 * CloudTrail's top-level keys in their spelling, sorted: the first segments of record
	 * paths.
	 */
	public static List<String> topLevelKeys() {
		return TOP_LEVEL.values().stream().sorted().toList();
	}

	/** Every named field, in the order of the help page. */
	public static List<Field> all() {
		return ALL;
	}

	/**
	 * True for a path into the record that is not a named field: a dotted path of
	 * non-empty segments such as
	 * {@code requestParameters.ipPermissions.items.ipRanges.items.cidrIp}, or one of
	 * CloudTrail's top-level keys ({@code vpcEndpointId}, {@code apiVersion}).
	 */
	public static boolean isRecordPath(String name) {
		if (name == null || name.isEmpty() || resolve(name).isPresent()) {
			return false;
		}
		if (name.indexOf('.') < 0) {
			return TOP_LEVEL.containsKey(name.toLowerCase(Locale.ROOT)) && !name.equalsIgnoreCase("eventTime");
		}
		for (String segment : name.split("\\.", -1)) {
			if (segment.isEmpty()) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The segments of a record path, the first one in CloudTrail's spelling if it is a
	 * known top-level key.
	 */
	public static List<String> recordPath(String name) {
		String[] segments = name.split("\\.", -1);
		segments[0] = TOP_LEVEL.getOrDefault(segments[0].toLowerCase(Locale.ROOT), segments[0]);
		return List.of(segments);
	}

	private static Field text(String name, List<String> aliases, String description, String column, String example) {
		return new Field(name, aliases, description, Kind.TEXT, column, example);
	}

	private static Field bool(String name, List<String> aliases, String description, String column, String example) {
		return new Field(name, aliases, description, Kind.BOOLEAN, column, example);
	}

	private static Map<String, Field> index() {
		Map<String, Field> index = new LinkedHashMap<>();
		for (Field field : ALL) {
			put(index, field.name(), field);
			for (String alias : field.aliases()) {
				put(index, alias, field);
			}
		}
		return Map.copyOf(index);
	}

	private static void put(Map<String, Field> index, String name, Field field) {
		if (index.put(name.toLowerCase(Locale.ROOT), field) != null) {
			throw new IllegalStateException("field name used twice: " + name);
		}
	}

	private static Map<String, String> topLevel(Set<String> keys) {
		Map<String, String> map = new TreeMap<>();
		keys.forEach((key) -> map.put(key.toLowerCase(Locale.ROOT), key));
		return Map.copyOf(map);
	}

}

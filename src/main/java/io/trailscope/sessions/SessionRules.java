package io.trailscope.sessions;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

import io.trailscope.events.EventRow;

/**
 * The linking rules, as pure functions of events: which events issue credentials and what
 * they issue, which calls belong to a session, which session an issuing call was signed
 * from, and who stands at the top of a chain. Nothing here depends on the order events
 * arrive in.
 */
final class SessionRules {

	/** Identity Center permission-set roles: the role session name is the user. */
	static final String IDENTITY_CENTER_ROLE = "AWSReservedSSO_";

	// "Jan 3, 2022 8:03:06 PM" and "Nov 30, 2024, 8:43:17 PM", as STS writes expirations
	private static final List<DateTimeFormatter> EXPIRATION_FORMATS = List.of(
			new DateTimeFormatterBuilder().parseCaseInsensitive()
				.appendPattern("MMM d, yyyy h:mm:ss a")
				.toFormatter(Locale.ENGLISH),
			new DateTimeFormatterBuilder().parseCaseInsensitive()
				.appendPattern("MMM d, yyyy, h:mm:ss a")
				.toFormatter(Locale.ENGLISH));

	private final Duration clockSkew;

	private final Duration consoleLength;

	private final Duration defaultLength;

	SessionRules(Duration clockSkew, Duration consoleLength, Duration defaultLength) {
		this.clockSkew = clockSkew;
		this.consoleLength = consoleLength;
		this.defaultLength = defaultLength;
	}

	static SessionRules of(SessionProperties properties) {
		return new SessionRules(properties.clockSkew(), properties.consoleLength(), properties.defaultLength());
	}

	Duration clockSkew() {
		return this.clockSkew;
	}

	/**
	 * The credentials an event issued, if it is a successful issuing event: an STS call
	 * returning credentials, or a console sign-in or role switch.
	 */
	Optional<Issuance> issuance(IssuingEvent e) {
		// the events module's IssuingEvent holds the one list; this module's IssuingEvent
		// is its own row
		if (e.eventName() == null || !EventRow.ISSUING_EVENT_NAMES.contains(e.eventName()) || e.errorCode() != null) {
			return Optional.empty();
		}
		JsonNode request = e.record().path("requestParameters");
		JsonNode response = e.record().path("responseElements");
		Signer signer = signer(e);
		return switch (e.eventName()) {
			case "ConsoleLogin" -> consoleLogin(e, response, signer);
			case "SwitchRole" -> switchRole(e, response);
			default -> credentials(e, request, response, signer);
		};
	}

	private Optional<Issuance> credentials(IssuingEvent e, JsonNode request, JsonNode response, Signer signer) {
		JsonNode credentials = response.path("credentials");
		String key = text(credentials.get("accessKeyId"));
		if (key == null) {
			return Optional.empty();
		}
		String roleArn = text(request.get("roleArn"));
		String sessionName = firstNonBlank(text(request.get("roleSessionName")), text(request.get("name")));
		String arn = switch (e.eventName()) {
			case "GetSessionToken" -> e.principalArn();
			case "GetFederationToken" -> text(response.path("federatedUser").get("arn"));
			case "AssumeRoot" -> rootArn(text(request.get("targetPrincipal")));
			default ->
				firstNonBlank(text(response.path("assumedRoleUser").get("arn")), assumedRoleArn(roleArn, sessionName));
		};
		if (arn == null) {
			return Optional.empty();
		}
		if (roleArn == null && arn.contains(":assumed-role/")) {
			roleArn = roleArnOf(arn);
		}
		if (sessionName == null) {
			sessionName = sessionNameOf(arn);
		}
		Instant created = e.eventTime();
		Instant expires = parseExpiration(text(credentials.get("expiration")));
		if (expires == null || !expires.isAfter(created)) {
			expires = created.plus("GetSessionToken".equals(e.eventName()) ? Duration.ofHours(36) : this.defaultLength);
		}
		String sourceIdentity = firstNonBlank(text(request.get("sourceIdentity")), text(response.get("sourceIdentity")),
				e.sourceIdentity());
		return Optional.of(new Issuance(sessionId(arn, key, created), e.eventName(), arn, key, created, expires,
				roleArn, sessionName, e.eventId(), e.eventTime(), e.recipientAccountId(), e.sharedEventId(),
				e.awsRegion(), e.sourceAddress(), e.userAgent(), e.mfa(), sourceIdentity, null, signer));
	}

	private Optional<Issuance> consoleLogin(IssuingEvent e, JsonNode response, Signer signer) {
		String outcome = text(response.get("ConsoleLogin"));
		if (e.principalArn() == null || (outcome != null && !"Success".equalsIgnoreCase(outcome))) {
			return Optional.empty();
		}
		// a federated console sign-in continues the role session it was made with: same
		// ARN and
		// creation date, and the calls that follow carry that creation date
		Instant created = e.sessionCreated() != null ? e.sessionCreated() : e.eventTime();
		String arn = e.principalArn();
		Boolean mfa = e.mfa() != null ? e.mfa() : mfaUsed(e.record());
		return Optional.of(new Issuance(sessionId(arn, null, created), e.eventName(), arn, null, created,
				created.plus(this.consoleLength), arn.contains(":assumed-role/") ? roleArnOf(arn) : null,
				arn.contains(":assumed-role/") ? sessionNameOf(arn) : null, e.eventId(), e.eventTime(),
				e.recipientAccountId(), e.sharedEventId(), e.awsRegion(), e.sourceAddress(), e.userAgent(), mfa,
				e.sourceIdentity(), null, signer));
	}

	private Optional<Issuance> switchRole(IssuingEvent e, JsonNode response) {
		String outcome = text(response.get("SwitchRole"));
		if (e.principalArn() == null || (outcome != null && !"Success".equalsIgnoreCase(outcome))) {
			return Optional.empty();
		}
		String switchFrom = text(e.record().path("additionalEventData").get("SwitchFrom"));
		Instant created = e.sessionCreated() != null ? e.sessionCreated() : e.eventTime();
		String arn = e.principalArn();
		// the call is recorded under the role switched to; the one who switched is in
		// SwitchFrom
		Signer signer = new Signer(
				switchFrom != null && switchFrom.contains(":assumed-role/") ? "AssumedRole" : "IAMUser", switchFrom,
				switchFrom, null, null, null, null);
		return Optional.of(new Issuance(sessionId(arn, null, created), e.eventName(), arn, null, created,
				created.plus(this.consoleLength), roleArnOf(arn), sessionNameOf(arn), e.eventId(), e.eventTime(),
				e.recipientAccountId(), e.sharedEventId(), e.awsRegion(), e.sourceAddress(), e.userAgent(), e.mfa(),
				e.sourceIdentity(), switchFrom, signer));
	}

	private static Signer signer(IssuingEvent e) {
		JsonNode identity = e.record().path("userIdentity");
		return new Signer(e.identityType(), e.principal(), e.principalArn(), e.accessKeyId(), e.sessionCreated(),
				e.invokedBy(), text(identity.get("identityProvider")));
	}

	/**
	 * Whether a call belongs to a session, and how the link was made. The ARN must match,
	 * the creation date the call carries must lie within the clock-skew window of the
	 * issuance, and the call must fall within the credentials' validity; a session with
	 * an issued key also needs that key, since temporary keys alone repeat.
	 */
	Optional<LinkMethod> link(SessionKey session, Usage usage) {
		if (usage.arn() == null || !usage.arn().equals(session.arn()) || usage.sessionCreated() == null
				|| usage.eventTime() == null) {
			return Optional.empty();
		}
		if (!within(usage.sessionCreated(), session.created().minus(this.clockSkew),
				session.created().plus(this.clockSkew))
				|| !within(usage.eventTime(), session.created().minus(this.clockSkew),
						session.expires().plus(this.clockSkew))) {
			return Optional.empty();
		}
		if (session.console()) {
			return Optional.of(LinkMethod.CONSOLE);
		}
		if (!session.issuedKey().equals(usage.accessKeyId())) {
			return Optional.empty();
		}
		return Optional
			.of(sameSecond(usage.sessionCreated(), session.created()) ? LinkMethod.EXACT : LinkMethod.CLOCK_SKEW);
	}

	/**
	 * The session an issuing call was made from, among candidate sessions: the one whose
	 * calls the issuing call would belong to, the strongest link and the closest creation
	 * date first. A console sign-in by a role session (a federated sign-in) carries no
	 * key, so it links by ARN and creation date alone; a console role switch links to the
	 * latest console session of the identity it switched from that was valid at the time.
	 */
	Optional<Parent> parent(Issuance child, List<SessionKey> candidates) {
		if (child.switchFrom() != null) {
			return candidates.stream()
				.filter(c -> !c.id().equals(child.id()) && c.console() && c.arn().equals(child.switchFrom()))
				.filter(c -> !c.created().isAfter(child.issuerEventTime())
						&& !c.expires().isBefore(child.issuerEventTime()))
				.max(Comparator.comparing(SessionKey::created).thenComparing(SessionKey::id))
				.map(c -> new Parent(c.id(), LinkMethod.TIME_WINDOW));
		}
		Signer signer = child.signer();
		Usage usage = new Usage(signer.arn(), signer.accessKeyId(), signer.sessionCreated(), child.issuerEventTime());
		record Match(SessionKey candidate, LinkMethod method) {
		}
		return candidates.stream()
			.filter(c -> !c.id().equals(child.id()))
			.map(c -> new Match(c,
					signer.accessKeyId() == null && !c.console()
							? link(new SessionKey(c.id(), c.arn(), null, c.created(), c.expires()), usage).orElse(null)
							: link(c, usage).orElse(null)))
			.filter(m -> m.method() != null)
			// console sessions never parent console sessions of the same identity
			.filter(m -> !(child.console() && m.candidate().console()))
			.min(Comparator.comparing((Match m) -> m.method().ordinal())
				.thenComparing(m -> Duration.between(m.candidate().created(), signer.sessionCreated()).abs())
				.thenComparing(m -> m.candidate().id()))
			.map(m -> new Parent(m.candidate().id(), m.method()));
	}

	/** The principal at the top of a chain, given the chain from its top session down. */
	static Root root(List<Issuance> chainTopFirst) {
		Issuance top = chainTopFirst.get(0);
		Signer signer = top.signer();
		if (top.roleArn() != null && top.roleArn().contains(IDENTITY_CENTER_ROLE) && top.sessionName() != null
				&& ("AssumeRoleWithSAML".equals(top.issuerEventName()) || signer.arn() == null
						|| "SAMLUser".equals(signer.type()))) {
			return new Root("Identity Center user", top.sessionName());
		}
		if (top.switchFrom() != null) {
			return new Root("SwitchFrom user", top.switchFrom());
		}
		String type = signer.type() == null ? "" : signer.type();
		return switch (type) {
			case "IAMUser" -> new Root("IAM user", firstNonBlank(signer.arn(), signer.principal()));
			case "Root" -> new Root("root user", firstNonBlank(signer.arn(), signer.principal(), "root"));
			case "SAMLUser" -> new Root("SAML subject", withProvider(signer.principal(), signer.provider()));
			case "WebIdentityUser" -> new Root("web identity", withProvider(signer.principal(), signer.provider()));
			case "AWSService" ->
				new Root("AWS service", firstNonBlank(signer.invokedBy(), signer.principal(), top.sourceAddress()));
			case "AWSAccount" -> new Root("AWS account", firstNonBlank(signer.principal(), signer.arn()));
			case "IdentityCenterUser" -> new Root("Identity Center user", signer.principal());
			case "AssumedRole", "FederatedUser" ->
				new Root("role session (issuer not loaded)", firstNonBlank(signer.arn(), signer.principal()));
			default ->
				new Root("unknown", firstNonBlank(signer.principal(), signer.arn(), signer.invokedBy(), "unknown"));
		};
	}

	/**
	 * The source identity of a session: its own, or the nearest one up its chain (STS
	 * carries it along).
	 */
	static String chainSourceIdentity(List<Issuance> chainTopFirst) {
		for (int i = chainTopFirst.size() - 1; i >= 0; i--) {
			String value = chainTopFirst.get(i).sourceIdentity();
			if (value != null && !value.isBlank()) {
				return value;
			}
		}
		return null;
	}

	/**
	 * A stable id of an issuance: the same in every copy of the issuing event and in
	 * every load order, short enough for a URL.
	 */
	static String sessionId(String arn, String issuedKey, Instant created) {
		String identity = arn + "|" + (issuedKey == null ? "console" : issuedKey) + "|"
				+ created.truncatedTo(ChronoUnit.SECONDS).getEpochSecond();
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 10);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Reads the expirations STS writes: "Jan 3, 2022 8:03:06 PM" (UTC) or ISO-8601. */
	static Instant parseExpiration(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String text = value.strip();
		try {
			return OffsetDateTime.parse(text).toInstant();
		}
		catch (DateTimeParseException ignored) {
			// try the STS form
		}
		for (DateTimeFormatter format : EXPIRATION_FORMATS) {
			try {
				return LocalDateTime.parse(text, format).toInstant(ZoneOffset.UTC);
			}
			catch (DateTimeParseException ignored) {
				// try the next form
			}
		}
		return null;
	}

	/**
	 * {@code arn:aws:iam::111:role/path/Name} and session {@code s} →
	 * {@code arn:aws:sts::111:assumed-role/Name/s}.
	 */
	static String assumedRoleArn(String roleArn, String sessionName) {
		if (roleArn == null || sessionName == null) {
			return null;
		}
		String[] parts = roleArn.split(":", 6);
		if (parts.length != 6 || !parts[5].startsWith("role/")) {
			return null;
		}
		String name = parts[5].substring(parts[5].lastIndexOf('/') + 1);
		return parts[0] + ":" + parts[1] + ":sts::" + parts[4] + ":assumed-role/" + name + "/" + sessionName;
	}

	/** The role of an assumed-role ARN, as an IAM role ARN without its path. */
	static String roleArnOf(String arn) {
		String[] parts = arn.split(":", 6);
		if (parts.length != 6 || !parts[5].startsWith("assumed-role/")) {
			return null;
		}
		String[] resource = parts[5].split("/");
		return resource.length < 2 ? null : parts[0] + ":" + parts[1] + ":iam::" + parts[4] + ":role/" + resource[1];
	}

	static String sessionNameOf(String arn) {
		int slash = arn.lastIndexOf('/');
		return arn.contains(":assumed-role/") || arn.contains(":federated-user/") ? arn.substring(slash + 1) : null;
	}

	private static String rootArn(String targetPrincipal) {
		if (targetPrincipal == null) {
			return null;
		}
		return targetPrincipal.startsWith("arn:") ? targetPrincipal : "arn:aws:iam::" + targetPrincipal + ":root";
	}

	private static Boolean mfaUsed(JsonNode record) {
		String used = text(record.path("additionalEventData").get("MFAUsed"));
		return used == null ? null : "Yes".equalsIgnoreCase(used);
	}

	private static String withProvider(String principal, String provider) {
		if (provider == null || provider.isBlank()) {
			return firstNonBlank(principal, "unknown");
		}
		return firstNonBlank(principal, "unknown") + " via " + provider;
	}

	private static boolean within(Instant value, Instant from, Instant to) {
		return !value.isBefore(from) && !value.isAfter(to);
	}

	private static boolean sameSecond(Instant a, Instant b) {
		return a.truncatedTo(ChronoUnit.SECONDS).equals(b.truncatedTo(ChronoUnit.SECONDS));
	}

	static String text(JsonNode node) {
		if (node == null || node.isNull() || node.isMissingNode() || node.isContainer()) {
			return null;
		}
		String value = node.isString() ? node.stringValue() : node.asString();
		return value == null || value.isBlank() ? null : value;
	}

	static String firstNonBlank(String... values) {
		for (String value : values) {
			if (value != null && !value.isBlank()) {
				return value;
			}
		}
		return null;
	}

	/** The session an issuing call was made from, and how that was established. */
	record Parent(String id, LinkMethod method) {
	}

}

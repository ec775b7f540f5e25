package io.trailscope.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import tools.jackson.databind.JsonNode;

/**
 * What a person reads first on an event's page: who (and, for a role session, who issued
 * it and the human behind it where the record says), what, where, when, and the flags
 * worth a second look.
 */
record EventSummary(String principal, String identityType, String principalArn, String accessKeyId, String issuer,
		String human, String invokedBy, String service, String action, String errorCode, String errorMessage,
		String account, String callerAccount, String region, String sourceAddress, String userAgent, Instant time,
		String mfa, Boolean readOnly, List<String> flags) {

	static EventSummary of(EventRow row, JsonNode record) {
		JsonNode identity = record.path("userIdentity");
		JsonNode context = identity.path("sessionContext");
		JsonNode issuerNode = context.path("sessionIssuer");
		String issuer = firstNonBlank(text(issuerNode.path("arn")), text(issuerNode.path("userName")));
		String human = firstNonBlank(text(context.path("sourceIdentity")), text(record.path("sourceIdentity")),
				text(identity.path("onBehalfOf").path("userId")),
				"IdentityCenterUser".equals(row.identityType()) ? text(identity.path("userName")) : null,
				sessionName(row));
		String mfa = firstNonBlank(text(context.path("attributes").path("mfaAuthenticated")),
				text(record.path("additionalEventData").path("MFAUsed")));
		String callerAccount = text(identity.path("accountId"));
		List<String> flags = new ArrayList<>();
		if ("Root".equals(row.identityType())) {
			flags.add("root");
		}
		if ("true".equals(text(record.path("sessionCredentialFromConsole"))) || "ConsoleLogin".equals(row.eventName())
				|| "AwsConsoleSignIn".equals(text(record.path("eventType")))) {
			flags.add("console");
		}
		if (callerAccount != null && !callerAccount.equals(row.recipientAccountId())) {
			flags.add("cross-account");
		}
		if (!record.path("addendum").isMissingNode()) {
			flags.add("late delivery");
		}
		if (row.failed()) {
			flags.add("failed");
		}
		return new EventSummary(row.principal(), row.identityType(), row.principalArn(), row.accessKeyId(), issuer,
				human, text(identity.path("invokedBy")), row.eventSource(), row.eventName(), row.errorCode(),
				row.errorMessage(), row.recipientAccountId(), callerAccount, row.awsRegion(), row.sourceAddress(),
				row.userAgent(), row.eventTime(), mfa == null ? null : mfa.toLowerCase(Locale.ROOT), row.readOnly(),
				List.copyOf(flags));
	}

	/**
	 * The role session name of an assumed-role ARN, which is often the person's name or
	 * e-mail.
	 */
	private static String sessionName(EventRow row) {
		String arn = row.principalArn();
		if (!"AssumedRole".equals(row.identityType()) || arn == null) {
			return null;
		}
		int slash = arn.lastIndexOf('/');
		return (slash >= 0 && slash < arn.length() - 1) ? arn.substring(slash + 1) : null;
	}

	private static String text(JsonNode node) {
		return (node == null || node.isMissingNode() || node.isNull() || node.isContainer()) ? null : node.asString();
	}

	private static String firstNonBlank(String... values) {
		for (String value : values) {
			if (value != null && !value.isBlank()) {
				return value;
			}
		}
		return null;
	}
}

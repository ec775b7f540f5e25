package io.trailscope.sessions;

import java.time.Instant;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Hand-made CloudTrail records for the linking rules, read into rows as the event store
 * holds them.
 */
final class Trails {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private Trails() {
	}

	static ObjectNode iamUser(String account, String name, String key) {
		return (ObjectNode) JSON.readTree("""
				{"type":"IAMUser","userName":"%s","arn":"arn:aws:iam::%s:user/%s","accountId":"%s","accessKeyId":"%s"}
				""".formatted(name, account, name, account, key));
	}

	static ObjectNode assumedRole(String arn, String key, Instant created) {
		return (ObjectNode) JSON.readTree("""
				{"type":"AssumedRole","arn":"%s","accessKeyId":"%s",
				 "sessionContext":{"attributes":{"creationDate":"%s","mfaAuthenticated":"false"}}}
				""".formatted(arn, key, created));
	}

	static ObjectNode service(String service) {
		return (ObjectNode) JSON.readTree("{\"type\":\"AWSService\",\"invokedBy\":\"" + service + "\"}");
	}

	static ObjectNode samlUser(String subject) {
		return (ObjectNode) JSON.readTree("""
				{"type":"SAMLUser","principalId":"abc=:%s","userName":"%s","identityProvider":"abc="}
				""".formatted(subject, subject));
	}

	/** An sts:AssumeRole record; {@code expiration} as STS writes it. */
	static ObjectNode assumeRole(String eventId, Instant time, String account, ObjectNode identity, String roleArn,
			String sessionName, String issuedKey, String expiration) {
		String assumed = SessionRules.assumedRoleArn(roleArn, sessionName);
		return (ObjectNode) JSON.readTree("""
				{"eventVersion":"1.08","eventTime":"%s","eventID":"%s","recipientAccountId":"%s",
				 "eventSource":"sts.amazonaws.com","eventName":"AssumeRole","awsRegion":"us-east-1",
				 "sourceIPAddress":"203.0.113.7","userAgent":"aws-cli/2","userIdentity":%s,
				 "requestParameters":{"roleArn":"%s","roleSessionName":"%s"},
				 "responseElements":{"credentials":{"accessKeyId":"%s","expiration":"%s","sessionToken":"REDACTED"},
				   "assumedRoleUser":{"assumedRoleId":"AROAX:%s","arn":"%s"}}}
				""".formatted(time, eventId, account, identity, roleArn, sessionName, issuedKey, expiration,
				sessionName, assumed));
	}

	static ObjectNode call(String eventId, Instant time, String account, ObjectNode identity, String eventName) {
		return (ObjectNode) JSON.readTree("""
				{"eventVersion":"1.08","eventTime":"%s","eventID":"%s","recipientAccountId":"%s",
				 "eventSource":"ec2.amazonaws.com","eventName":"%s","awsRegion":"eu-west-1",
				 "sourceIPAddress":"203.0.113.7","userAgent":"aws-cli/2","userIdentity":%s}
				""".formatted(time, eventId, account, eventName, identity));
	}

	/** The row the event store keeps for a record (the columns the rules read). */
	static IssuingEvent row(ObjectNode record) {
		JsonNode identity = record.path("userIdentity");
		JsonNode attributes = identity.path("sessionContext").path("attributes");
		String type = text(identity.get("type"));
		String arn = text(identity.get("arn"));
		String principal = switch (type == null ? "" : type) {
			case "AWSService" -> text(identity.get("invokedBy"));
			case "IAMUser", "SAMLUser", "WebIdentityUser" -> text(identity.get("userName"));
			default -> arn;
		};
		String created = text(attributes.get("creationDate"));
		String mfa = text(attributes.get("mfaAuthenticated"));
		return new IssuingEvent(text(record.get("eventID")), text(record.get("recipientAccountId")),
				Instant.parse(text(record.get("eventTime"))), text(record.get("eventName")),
				text(record.get("eventSource")), text(record.get("awsRegion")), text(record.get("sourceIPAddress")),
				text(record.get("userAgent")), text(record.get("errorCode")), text(record.get("sharedEventID")), type,
				principal, arn, text(identity.get("accessKeyId")), created == null ? null : Instant.parse(created),
				text(identity.get("invokedBy")), mfa == null ? null : Boolean.valueOf(mfa),
				text(identity.path("sessionContext").get("sourceIdentity")), record);
	}

	static Usage usage(ObjectNode record) {
		IssuingEvent row = row(record);
		return new Usage(row.principalArn(), row.accessKeyId(), row.sessionCreated(), row.eventTime());
	}

	private static String text(JsonNode node) {
		return SessionRules.text(node);
	}

}

package io.trailscope.ingest.record;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import io.trailscope.ingest.CloudTrailFiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secrets a record may carry, as AWS leaves them in older records and as hand-made and
 * third-party files hold them, and the values that must stay as they are.
 */
class RedactorTest {

	private static final ObjectMapper mapper = JsonMapper.builder().build();

	/** A session token of today's format: "origin" four characters in. */
	static final String ORIGIN_TOKEN = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDexampleexampleexample"
			+ "Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFy+/ExampleToken=";

	static final String JWT = "eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiJhbGljZSIsImF1ZCI6InRyYWlsIn0.c2lnbmF0dXJl_c2ln-bmF0";

	private final Redactor redactor = new Redactor();

	@Test
	void redactsTheValuesOfSecretsNamedInAnyCaseOrSpelling() {
		ObjectNode record = redacted(
				"""
						{"requestParameters":{"secretAccessKey":"wJalrXUtnFEMI","SecretKey":"k1","privateKey":"-----x",
						  "keyMaterial":"MIIEvQ","masterUserPassword":"hunter2","temporaryPassword":"Tmp#1","passwordData":"b64",
						  "secretString":"{\\"user\\":\\"db\\"}","secretBinary":"AAEC","authorizationToken":"QVdTOnRva2Vu",
						  "X-Amz-Signature":"9c1f","Authorization":"Bearer abc","x_amz_security_token":"tok","SESSION-TOKEN":"t",
						  "sharedSecret":"s3cr3t","dbPassword":"pw","encryptedKeyMaterial":"AQID","Cookie":"sid=1",
						  "password":"HIDDEN_DUE_TO_SECURITY_REASONS",
						  "credentials":{"secret":{"nested":true}}},
						 "responseElements":{"authorizationData":[{"authorizationToken":"QVdTOmV5SjA=","proxyEndpoint":"https://x"}]}}
						""");

		ObjectNode parameters = (ObjectNode) record.path("requestParameters");
		for (String name : new String[] { "secretAccessKey", "SecretKey", "privateKey", "keyMaterial",
				"masterUserPassword", "temporaryPassword", "passwordData", "secretString", "secretBinary",
				"authorizationToken", "X-Amz-Signature", "Authorization", "x_amz_security_token", "SESSION-TOKEN",
				"sharedSecret", "dbPassword", "encryptedKeyMaterial", "Cookie", "password" }) {
			assertThat(parameters.path(name).asString()).as(name).isEqualTo(Redactor.REDACTED);
		}
		assertThat(parameters.path("credentials").path("secret").asString()).isEqualTo(Redactor.REDACTED);
		assertThat(
				record.path("responseElements").path("authorizationData").path(0).path("authorizationToken").asString())
			.isEqualTo(Redactor.REDACTED);
		assertThat(record.path("responseElements").path("authorizationData").path(0).path("proxyEndpoint").asString())
			.isEqualTo("https://x");
	}

	@Test
	void redactsTheValueBesideANameOrKeyThatIsASecrets() {
		ObjectNode record = redacted("""
				{"requestParameters":{"containerDefinitions":[{"environment":[{"name":"DB_PASSWORD","value":"hunter2"},
				  {"name":"REGION","value":"us-east-1"}]}],
				  "headers":[{"Key":"Authorization","Value":"Basic YWxpY2U6c2VjcmV0"},{"Key":"Accept","Value":"*/*"}],
				  "parameter":{"name":"/prod/db/password","value":"hunter2","type":"String"}}}
				""");

		assertThat(record.findValues("value")).extracting(v -> v.asString())
			.containsExactly(Redactor.REDACTED, "us-east-1", Redactor.REDACTED);
		assertThat(record.findValues("Value")).extracting(v -> v.asString()).containsExactly(Redactor.REDACTED, "*/*");
		assertThat(record.findValues("name")).extracting(v -> v.asString())
			.containsExactly("DB_PASSWORD", "REGION", "/prod/db/password");
	}

	@Test
	void redactsSecretsWrittenAsNameAndValueInText() {
		String url = "https://trail.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256"
				+ "&X-Amz-Credential=ASIAEXAMPLE%2F20250101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Security-Token=FQoGZXIvYXdzEXAMPLE"
				+ "&X-Amz-Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7&x-id=GetObject";
		ObjectNode record = mapper.createObjectNode();
		record.putObject("responseElements")
			.put("credentials",
					"{accessKeyId=ASIAEXAMPLE, sessionToken=FQoDYXdzEXAMPLETOKEN, secretAccessKey=wJalr/K7MDENG, expiration=Nov 2, 2013}")
			.put("url", url)
			.put("headers",
					"Host: trail.s3.amazonaws.com\nAuthorization: AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20250101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024\nAccept: */*")
			.put("body", "{\"user\":\"bob\",\"password\":\"hunter 2\",\"ClientSecret\": 'abc'}");

		assertThat(this.redactor.redact(record)).isTrue();

		ObjectNode elements = (ObjectNode) record.path("responseElements");
		assertThat(elements.path("credentials").asString()).isEqualTo(
				"{accessKeyId=ASIAEXAMPLE, sessionToken=REDACTED, secretAccessKey=REDACTED, expiration=Nov 2, 2013}");
		assertThat(elements.path("url").asString())
			.isEqualTo("https://trail.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256"
					+ "&X-Amz-Credential=ASIAEXAMPLE%2F20250101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Security-Token=REDACTED"
					+ "&X-Amz-Signature=REDACTED&x-id=GetObject");
		assertThat(elements.path("headers").asString())
			.isEqualTo("Host: trail.s3.amazonaws.com\nAuthorization: REDACTED\nAccept: */*");
		assertThat(elements.path("body").asString())
			.isEqualTo("{\"user\":\"bob\",\"password\":\"REDACTED\",\"ClientSecret\": 'REDACTED'}");
	}

	@Test
	void redactsSessionTokensWebTokensAndPrivateKeysWhereverTheyStand() {
		ObjectNode record = mapper.createObjectNode();
		record.put("errorMessage", "The security token " + CloudTrailFiles.EXAMPLE_SESSION_TOKEN + " has expired");
		record.put("note", ORIGIN_TOKEN);
		record.put("encoded",
				"token%3D" + ORIGIN_TOKEN.replace("/", "%2F").replace("+", "%2B").replace("=", "%3D") + "&next=1");
		record.putArray("tags").add("bearer " + JWT).add("plain");
		record.put("userData",
				"#!/bin/sh\necho '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7\n-----END RSA PRIVATE KEY-----' > k\n");

		assertThat(this.redactor.redact(record)).isTrue();

		assertThat(record.path("errorMessage").asString()).isEqualTo("The security token REDACTED has expired");
		assertThat(record.path("note").asString()).isEqualTo(Redactor.REDACTED);
		assertThat(record.path("encoded").asString()).isEqualTo("token%3DREDACTED&next=1");
		assertThat(record.path("tags").path(0).asString()).isEqualTo("bearer REDACTED");
		assertThat(record.path("tags").path(1).asString()).isEqualTo("plain");
		assertThat(record.path("userData").asString()).isEqualTo("#!/bin/sh\necho 'REDACTED' > k\n");
	}

	@Test
	void leavesArnsMessagesDigestsAndPlaceholdersAsTheyAre() {
		String json = """
				{"eventName":"GetSecretValue","requestParameters":{"secretId":"arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf",
				  "secretArn":"arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf","versionStage":"AWSCURRENT",
				  "passwordLastUsed":"2025-01-01T00:00:00Z","manageMasterUserPassword":true,
				  "newPassword":"REDACTED","oldPassword":"","secretKey":null,"keyId":"1234abcd-12ab-34cd-56ef-1234567890ab",
				  "ciphertextBlob":"AQICAHhfDk3bqOXd0XdlRH2Ao5lZk4N1aPsBy2S8sx7bdXXt1gGGr9j1xKoBkdHVzRTY9ZsmAAAAfjB8BgkqhkiG9w0BBwagbzBtAgEAMGgGCSqGSIb3DQEHATAeBglghkgBZQMEAS4wEQQMNSJFEw4w3xAshW5TAgEQgDugaWvGtVIfhh",
				  "imageDigest":"sha256:5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7",
				  "signatureVersion":"4","signingAlgorithm":"RSASSA_PSS_SHA_256"},
				 "errorMessage":"Secrets Manager can't find the specified secret: prod/db. token=; password=true",
				 "userAgent":"aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64.amzn.2 prompt/off command/secretsmanager.get-secret-value"}
				""";
		ObjectNode record = (ObjectNode) mapper.readTree(json);

		assertThat(this.redactor.redact(record)).isFalse();
		assertThat(record).isEqualTo(mapper.readTree(json));
	}

	@Test
	void theStoredRecordAndItsSearchTermsHoldNoneOfTheSecrets() {
		ObjectNode record = (ObjectNode) mapper.readTree(CloudTrailFiles.record("redact-1", "2025-01-02T03:04:05Z"));
		record.putObject("requestParameters").put("masterUserPassword", "Hunter2Hunter2").put("note", ORIGIN_TOKEN);

		NormalizedEvent event = new RecordNormalizer(mapper).normalize(record);

		assertThat(event.recordJson()).doesNotContain("Hunter2Hunter2", "IQoJ");
		assertThat(event.searchTerms()).noneMatch(term -> term.contains("hunter2") || term.contains("iqoj"));
	}

	private ObjectNode redacted(String json) {
		ObjectNode record = (ObjectNode) mapper.readTree(json);
		assertThat(this.redactor.redact(record)).isTrue();
		return record;
	}

}

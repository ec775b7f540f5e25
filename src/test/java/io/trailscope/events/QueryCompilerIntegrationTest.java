package io.trailscope.events;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.trailscope.TrailscopeIntegrationTest;
import io.trailscope.ingest.IngestResult;
import io.trailscope.ingest.IngestService;
import io.trailscope.ingest.ObjectRef;
import io.trailscope.query.QueryCompiler;
import io.trailscope.query.Query;
import io.trailscope.query.QueryParser;
import io.trailscope.query.SqlCondition;
import io.trailscope.query.QuerySyntaxException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every kind of filter against real rows: a handful of hand-made events loaded through
 * the real loader, each query compiled and run, and exactly the expected events found.
 */
@TrailscopeIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryCompilerIntegrationTest {

	/** Every event of this run's file, by the suffix of its eventID. */
	static final String ALL = "assume denied getobject login logstream run sg";

	@Autowired
	IngestService ingest;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	QueryCompiler compiler;

	/**
	 * Makes this run's events distinct from those of other tests in the same database.
	 */
	final String run = UUID.randomUUID().toString().substring(0, 8);

	@BeforeAll
	void loadEvents() {
		String file = "{\"Records\":[" + String.join(",", login(), assume(), securityGroupOpened(), denied(),
				runInstances(), getObject(), logStream()) + "]}";
		byte[] bytes = file.replace("RUN", this.run).getBytes(StandardCharsets.UTF_8);
		ObjectRef ref = ObjectRef.s3("bucket",
				"AWSLogs/111122223333/CloudTrail/us-east-1/2026/02/10/q-" + this.run + ".json", "etag-" + this.run,
				bytes.length, Instant.now());
		IngestResult result = this.ingest.ingest(ref, () -> new ByteArrayInputStream(bytes));
		assertThat(result.loaded()).isEqualTo(7);
	}

	@ParameterizedTest(name = "{0} → {1}")
	@CsvSource(delimiterString = " ⇒ ", quoteCharacter = '`', value = {
			// core columns, exact and case-sensitive
			"eventName:ConsoleLogin ⇒ login", "eventName:consolelogin ⇒ ", "EVENTNAME:ConsoleLogin ⇒ login",
			"event:RunInstances ⇒ denied run", "eventSource:sts.amazonaws.com ⇒ assume",
			"service:logs.amazonaws.com ⇒ logstream", "region:eu-west-1 ⇒ sg",
			"awsRegion:(ap-south-1 OR eu-west-1) ⇒ denied sg", "account:444455556666 ⇒ denied",
			"recipientAccountId:111122223333 ⇒ assume getobject login logstream run sg", "agent:Mozilla* ⇒ login",
			"userAgent:\"Mozilla/5.0 (X11; Linux x86_64)\" ⇒ login", "errorCode:Client.UnauthorizedOperation ⇒ denied",
			"error:* ⇒ denied logstream", "eventType:AwsConsoleSignIn ⇒ login", "eventCategory:Data ⇒ getobject",
			"managementEvent:false ⇒ getobject", "sharedEventID:shared-RUN ⇒ denied", "requestID:req-RUN-run ⇒ run",
			"eventID:RUN-run ⇒ run", "id:RUN-login ⇒ login", "eventVersion:1.09 ⇒ getobject",
			"userIdentity.type:(IAMUser OR Root) ⇒ assume denied getobject login",
			"type:AssumedRole ⇒ logstream run sg", "userIdentity.principalId:AIDAALICE ⇒ assume login",
			"arn:arn:aws:iam::111122223333:user/alice ⇒ assume login",
			"userIdentity.arn:arn:aws:sts::111122223333:assumed-role/admin/* ⇒ run sg",
			"userIdentity.accountId:444455556666 ⇒ denied", "key:ASIAEXAMPLE1 ⇒ run sg", "userName:bob ⇒ denied",
			"invokedBy:cloudformation.amazonaws.com ⇒ run", "issuerArn:arn:aws:iam::111122223333:role/admin ⇒ run sg",
			"userIdentity.sessionContext.sessionIssuer.userName:lambda-exec ⇒ logstream",
			"issuerType:Role ⇒ logstream run sg", "sourceIdentity:alice@example.com ⇒ sg",
			"principal:admin/alice-session ⇒ run sg", "principal:root ⇒ getobject",
			// booleans, and NOT counting a missing value as not matching
			"readOnly:true ⇒ assume getobject", "readOnly:FALSE ⇒ denied login logstream run sg", "mfa:true ⇒ sg",
			"mfa:false ⇒ run", "-mfa:true ⇒ assume denied getobject login logstream run",
			"-readOnly:true ⇒ denied login logstream run sg",
			// exists and missing
			"errorCode:* ⇒ denied logstream", "-errorCode:* ⇒ assume getobject login run sg",
			"-errorCode:Client.UnauthorizedOperation ⇒ assume getobject login logstream run sg", "mfa:* ⇒ run sg",
			"-sourceIdentity:* ⇒ assume denied getobject login logstream run",
			// wildcards with LIKE's own characters literal
			"errorMessage:*50%* ⇒ denied", "errorMessage:*x_y* ⇒ denied", "errorMessage:*'x_y'* ⇒ denied",
			"eventName:Run* ⇒ denied run", "eventName:*Instances ⇒ denied run", "eventName:Create* ⇒ logstream",
			"errorMessage:\"*50%*\" ⇒ ",
			// source address: CIDR v4 and v6, addresses, and service names as written
			"ip:72.21.0.0/16 ⇒ login sg", "sourceIPAddress:72.21.200.1 ⇒ sg", "ip:2001:db8::/32 ⇒ assume",
			"ip:2001:db8:0:0:0:0:0:7 ⇒ assume", "ip:\"AWS Internal\" ⇒ denied", "ip:*.amazonaws.com ⇒ logstream run",
			"-ip:72.21.0.0/16 ⇒ assume denied getobject logstream run", "ip:0.0.0.0/0 ⇒ getobject login sg",
			"ip:::/0 ⇒ assume",
			// OR, AND, parentheses
			"eventName:ConsoleLogin OR errorCode:* ⇒ denied login logstream",
			"(eventName:ConsoleLogin OR errorCode:*) region:us-east-1 ⇒ login logstream",
			"eventName:RunInstances AND NOT errorCode:* ⇒ run",
			"NOT (type:AssumedRole OR type:Root) ⇒ assume denied login",
			// who: user, role
			"user:alice ⇒ assume login", "user:admin/alice-session ⇒ run sg",
			"user:arn:aws:sts::111122223333:assumed-role/admin/alice-session ⇒ run sg", "user:admin ⇒ run sg",
			"user:ali* ⇒ assume login", "user:\"bob\" ⇒ denied", "user:* ⇒ " + ALL, "role:admin ⇒ run sg",
			"role:arn:aws:iam::111122223333:role/lambda-exec ⇒ logstream", "role:lambda* ⇒ logstream",
			"role:* ⇒ logstream run sg",
			// resource: resources[] ARNs, or a value anywhere in the record
			"resource:arn:aws:iam::111122223333:role/admin ⇒ assume run sg", "resource:trail-bucket ⇒ getobject",
			"resource:\"arn:aws:s3:::trail-bucket/reports/2026/q1 summary.pdf\" ⇒ getobject",
			"resource:arn:aws:s3:::trail-b* ⇒ getobject", "resource:* ⇒ assume getobject",
			// paths into the record, through arrays; numbers and booleans also as strings
			"responseElements.ConsoleLogin:Success ⇒ login", "additionalEventData.MFAUsed:No ⇒ login",
			"ADDITIONALEVENTDATA.MFAUsed:No ⇒ login", "additionalEventData.mfaused:No ⇒ ",
			"requestParameters.ipPermissions.items.ipRanges.items.cidrIp:\"0.0.0.0/0\" ⇒ sg",
			"requestParameters.ipPermissions.items.ipv6Ranges.items.cidrIpv6:\"::/0\" ⇒ sg",
			"requestParameters.ipPermissions.items.fromPort:22 ⇒ sg", "requestParameters.maxCount:5 ⇒ run",
			"requestParameters.maxCount:\"5\" ⇒ ", "requestParameters.partNumber:7 ⇒ getobject",
			"requestParameters.dryRun:false ⇒ run", "requestParameters.disableApiTermination:true ⇒ run",
			"requestParameters.groupId:sg-0a* ⇒ sg", "requestParameters.key:reports/*.pdf ⇒ getobject",
			"requestParameters.key:reports/*.PDF ⇒ ",
			"requestParameters.key:\"reports/2026/q1 summary.pdf\" ⇒ getobject", "requestParameters.groupId:* ⇒ sg",
			"-requestParameters.groupId:* ⇒ assume denied getobject login logstream run",
			"responseElements.instancesSet.items.instanceId:i-0123456789abcdef0 ⇒ run",
			"resources.type:AWS::S3::Bucket ⇒ getobject", "requestParameters:* ⇒ assume denied getobject run sg",
			"RESOURCES:* ⇒ assume getobject", "apiVersion:* ⇒ ", "requestParameters.**:sg-0abc123 ⇒ sg",
			"requestParameters.*:alice-session ⇒ assume", "requestParameters.**.cidrIp:\"0.0.0.0/0\" ⇒ sg",
			// free text: whole values and their parts, case-insensitive
			"i-0123456789abcdef0 ⇒ run", "I-0123456789ABCDEF0 ⇒ run", "alice ⇒ assume login",
			"alice-session ⇒ assume run sg", "trail-bucket ⇒ getobject", "\"q1 summary.pdf\" ⇒ getobject",
			"\"summary.pdf q1\" ⇒ ", "\"not authorized to perform\" ⇒ denied", "\"authorized not\" ⇒ ", "i-0123* ⇒ run",
			"* ⇒ " + ALL, "eventName:RunInstances i-0123456789abcdef0 ⇒ run",
			"-alice ⇒ denied getobject logstream run sg",
			// values kept out of the terms index are still found, in the record's text
			"1.09 ⇒ getobject", "\"2026-02-10T10:01:00Z\" ⇒ assume run sg", "\"2026-02-10t10:03:00z\" ⇒ denied",
			// canned investigations find what they are for
			"eventName:ConsoleLogin responseElements.ConsoleLogin:Success additionalEventData.MFAUsed:No "
					+ "userIdentity.type:(IAMUser OR Root) ⇒ login",
			"eventName:(AuthorizeSecurityGroupIngress OR AuthorizeSecurityGroupEgress) "
					+ "(requestParameters.ipPermissions.items.ipRanges.items.cidrIp:\"0.0.0.0/0\" OR "
					+ "requestParameters.ipPermissions.items.ipv6Ranges.items.cidrIpv6:\"::/0\") ⇒ sg",
			"eventName:Create* -eventName:CreateLogStream ⇒ ", "eventName:RunInstances i-0123456789abcdef0 ⇒ run",
			"errorCode:(AccessDenied OR Client.UnauthorizedOperation) user:\"bob\" ⇒ denied",
			"eventName:ConsoleLogin -sourceIPAddress:72.21.0.0/16 -sourceIPAddress:2001:db8::/32 ⇒ ",
			"-awsRegion:us-east-1 -awsRegion:eu-west-1 ⇒ denied",
			// values that are SQL, LIKE, jsonpath or JSON syntax elsewhere are literal
			// here
			"requestParameters.note:\"it's 100%_done \\\"ok\\\" \\\\ $.a\" ⇒ denied",
			"requestParameters.note:it's* ⇒ denied", "requestParameters.note:*\\* ⇒ denied",
			"\"it's 100%_done\" ⇒ denied", "\"50% of 'x_y'\" ⇒ denied", "\"100%_done \\\"ok\\\" \\\\\" ⇒ denied",
			"\"50* of\" ⇒ ", "\"x-y 50\" ⇒ logstream", "\"x_y 50\" ⇒ ", "user:\"x' or '1'='1\" ⇒ ",
			"eventName:\"'; drop table events; --\" ⇒ ", "requestParameters.note:\"x\\\" || $.a == \\\"y\" ⇒ ",
			"requestParameters.note:\"x\\\") || true || (\\\"\" ⇒ ", "resource:\"\\\"}]}\" ⇒ ", "\"$.** == 1\" ⇒ ",
			"errorMessage:% ⇒ ", "errorMessage:_* ⇒ ", "user:\\\\* ⇒ ", "requestParameters.note:.* ⇒ ",
			"requestParameters.note:\"*\" ⇒ ", "requestParameters.x:\"$\" ⇒ " })
	void findsExactlyTheExpectedEvents(String query, String expected) {
		assertThat(find(query.replace("RUN", this.run))).as(query)
			.containsExactlyElementsOf((expected == null) ? List.of() : List.of(expected.split(" ")));
	}

	@Test
	void phraseSplitsLikeTheLoaderAndRechecksTheOrder() {
		assertThat(find("\"You are not authorized\"")).containsExactly("denied");
		assertThat(find("\"authorized You\"")).isEmpty();
	}

	@Test
	void aNamedParameterPrefixKeepsConditionsApart() {
		SqlCondition name = this.compiler.compile(QueryParser.parse("eventName:RunInstances"), "a_");
		SqlCondition error = this.compiler.compile(QueryParser.parse("-errorCode:*"), "b_");
		assertThat(select(name.and(error))).containsExactly("run");
		assertThat(select(name.and(error.not()))).containsExactly("denied");
		assertThat(select(name.or(this.compiler.compile(QueryParser.parse("eventName:ConsoleLogin"), "c_"))))
			.containsExactly("denied", "login", "run");
		assertThat(select(SqlCondition.TRUE.and(name))).containsExactly("denied", "run");
	}

	@ParameterizedTest
	@ValueSource(strings = { "i-0123456789abcdef0", "\"q1 summary.pdf\"" })
	void freeTextUsesTheTermsIndex(String query) {
		assertThat(plan(query)).contains("Bitmap Index Scan").containsPattern("Index Cond: \\(\\w*\\.?search_terms @>");
	}

	@ParameterizedTest
	@ValueSource(strings = { "requestParameters.groupId:sg-0abc123", "requestParameters.maxCount:5",
			"resource:arn:aws:iam::111122223333:role/admin" })
	void recordPathEqualityUsesTheRecordIndex(String query) {
		assertThat(plan(query)).contains("Bitmap Index Scan").containsPattern("Index Cond: \\(\\w*\\.?record @[@>]");
	}

	@ParameterizedTest
	@ValueSource(strings = { "user:alice", "role:admin", "eventName:ConsoleLogin", "ip:72.21.0.0/16" })
	void namedFieldsUseTheirColumnIndexes(String query) {
		assertThat(plan(query)).containsPattern("Index (Only )?Scan|Bitmap Index Scan").doesNotContain("Seq Scan");
	}

	@Test
	void unknownFieldsAndBadValuesOfHandBuiltQueriesFailWithoutAPosition() {
		assertThatExceptionOfType(QuerySyntaxException.class)
			.isThrownBy(() -> this.compiler.compile(Query.Match.of("bogus", "x"), "q"))
			.satisfies((ex) -> assertThat(ex.position()).isEqualTo(-1))
			.withMessageStartingWith("Unknown field 'bogus'");
		assertThatExceptionOfType(QuerySyntaxException.class)
			.isThrownBy(() -> this.compiler.compile(Query.Match.of("ip", "10.0.0.0/40"), "q"))
			.withMessageContaining("not a valid address or CIDR");
		assertThatExceptionOfType(QuerySyntaxException.class)
			.isThrownBy(() -> this.compiler.compile(new Query.Exists("nope"), "q"));
	}

	private List<String> find(String query) {
		return select(this.compiler.compile(QueryParser.parse(query), "q"));
	}

	private List<String> select(SqlCondition condition) {
		Map<String, Object> params = new HashMap<>(condition.params());
		params.put("run", this.run + "-%");
		return this.jdbc
			.sql("select e.event_id from events e where e.event_id like :run and (" + condition.sql()
					+ ") order by e.event_id")
			.params(params)
			.query(String.class)
			.list()
			.stream()
			.map((id) -> id.substring(this.run.length() + 1))
			.toList();
	}

	private String plan(String query) {
		SqlCondition condition = this.compiler.compile(QueryParser.parse(query), "q");
		return this.transactions.execute((status) -> {
			this.jdbc.sql("set local enable_seqscan = off").update();
			return String.join("\n",
					this.jdbc.sql("explain select e.event_id from events e where " + condition.sql())
						.params(condition.params())
						.query(String.class)
						.list());
		});
	}

	private static String login() {
		return """
				{"eventVersion":"1.08","eventTime":"2026-02-10T10:00:00Z","eventID":"RUN-login","recipientAccountId":"111122223333",
				 "eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-1",
				 "sourceIPAddress":"72.21.5.9","userAgent":"Mozilla/5.0 (X11; Linux x86_64)","readOnly":false,
				 "eventType":"AwsConsoleSignIn","eventCategory":"Management","managementEvent":true,
				 "userIdentity":{"type":"IAMUser","principalId":"AIDAALICE","userName":"alice",
				   "arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333"},
				 "responseElements":{"ConsoleLogin":"Success"},
				 "additionalEventData":{"MFAUsed":"No","LoginTo":"https://console.aws.amazon.com/"}}""";
	}

	private static String assume() {
		return """
				{"eventVersion":"1.08","eventTime":"2026-02-10T10:01:00Z","eventID":"RUN-assume","recipientAccountId":"111122223333",
				 "eventSource":"sts.amazonaws.com","eventName":"AssumeRole","awsRegion":"us-east-1",
				 "sourceIPAddress":"2001:db8::7","userAgent":"aws-cli/2.15.0","readOnly":true,
				 "eventType":"AwsApiCall","managementEvent":true,
				 "userIdentity":{"type":"IAMUser","principalId":"AIDAALICE","userName":"alice",
				   "arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333","accessKeyId":"AKIAALICE"},
				 "requestParameters":{"roleArn":"arn:aws:iam::111122223333:role/admin","roleSessionName":"alice-session",
				   "durationSeconds":3600},
				 "resources":[{"ARN":"arn:aws:iam::111122223333:role/admin","accountId":"111122223333","type":"AWS::IAM::Role"}]}""";
	}

	private static String securityGroupOpened() {
		return """
				{"eventVersion":"1.08","eventTime":"2026-02-10T10:02:00Z","eventID":"RUN-sg","recipientAccountId":"111122223333",
				 "eventSource":"ec2.amazonaws.com","eventName":"AuthorizeSecurityGroupIngress","awsRegion":"eu-west-1",
				 "sourceIPAddress":"72.21.200.1","userAgent":"aws-cli/2.15.0","readOnly":false,"managementEvent":true,
				 "userIdentity":{"type":"AssumedRole","principalId":"AROAADMIN:alice-session",
				   "arn":"arn:aws:sts::111122223333:assumed-role/admin/alice-session","accountId":"111122223333",
				   "accessKeyId":"ASIAEXAMPLE1",
				   "sessionContext":{"sourceIdentity":"alice@example.com",
				     "sessionIssuer":{"type":"Role","principalId":"AROAADMIN","arn":"arn:aws:iam::111122223333:role/admin",
				       "accountId":"111122223333","userName":"admin"},
				     "attributes":{"creationDate":"2026-02-10T10:01:00Z","mfaAuthenticated":"true"}}},
				 "requestParameters":{"groupId":"sg-0abc123","ipPermissions":{"items":[
				   {"ipProtocol":"tcp","fromPort":22,"toPort":22,"ipRanges":{"items":[{"cidrIp":"10.0.0.0/8"},{"cidrIp":"0.0.0.0/0"}]},
				    "ipv6Ranges":{"items":[{"cidrIpv6":"::/0"}]}}]}}}""";
	}

	private static String denied() {
		return """
				{"eventVersion":"1.08","eventTime":"2026-02-10T10:03:00Z","eventID":"RUN-denied","recipientAccountId":"444455556666",
				 "eventSource":"ec2.amazonaws.com","eventName":"RunInstances","awsRegion":"ap-south-1",
				 "sourceIPAddress":"AWS Internal","userAgent":"console.ec2.amazonaws.com","readOnly":false,
				 "sharedEventID":"shared-RUN",
				 "errorCode":"Client.UnauthorizedOperation",
				 "errorMessage":"You are not authorized to perform this operation. 50% of 'x_y'",
				 "userIdentity":{"type":"IAMUser","principalId":"AIDABOB","userName":"bob",
				   "arn":"arn:aws:iam::444455556666:user/bob","accountId":"444455556666"},
				 "requestParameters":{"instancesSet":{"items":[{"imageId":"ami-1"}]},
				   "note":"it's 100%_done \\"ok\\" \\\\ $.a"}}""";
	}

	private static String runInstances() {
		return """
				{"eventVersion":"1.08","eventTime":"2026-02-10T10:04:00Z","eventID":"RUN-run","recipientAccountId":"111122223333",
				 "eventSource":"ec2.amazonaws.com","eventName":"RunInstances","awsRegion":"us-east-1",
				 "sourceIPAddress":"cloudformation.amazonaws.com","userAgent":"cloudformation.amazonaws.com","readOnly":false,
				 "requestID":"req-RUN-run",
				 "userIdentity":{"type":"AssumedRole","principalId":"AROAADMIN:alice-session",
				   "arn":"arn:aws:sts::111122223333:assumed-role/admin/alice-session","accountId":"111122223333",
				   "accessKeyId":"ASIAEXAMPLE1","invokedBy":"cloudformation.amazonaws.com",
				   "sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAADMIN",
				       "arn":"arn:aws:iam::111122223333:role/admin","accountId":"111122223333","userName":"admin"},
				     "attributes":{"creationDate":"2026-02-10T10:01:00Z","mfaAuthenticated":"false"}}},
				 "requestParameters":{"maxCount":5,"dryRun":false,"disableApiTermination":true},
				 "responseElements":{"instancesSet":{"items":[{"instanceId":"i-0123456789abcdef0"}]}}}""";
	}

	private static String getObject() {
		return """
				{"eventVersion":"1.09","eventTime":"2026-02-10T10:05:00Z","eventID":"RUN-getobject","recipientAccountId":"111122223333",
				 "eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1",
				 "sourceIPAddress":"198.51.100.20","userAgent":"[aws-sdk-java/2.20]","readOnly":true,
				 "eventType":"AwsApiCall","eventCategory":"Data","managementEvent":false,
				 "userIdentity":{"type":"Root","principalId":"111122223333","arn":"arn:aws:iam::111122223333:root",
				   "accountId":"111122223333"},
				 "requestParameters":{"bucketName":"trail-bucket","key":"reports/2026/q1 summary.pdf","partNumber":"7"},
				 "resources":[{"type":"AWS::S3::Object","ARN":"arn:aws:s3:::trail-bucket/reports/2026/q1 summary.pdf"},
				   {"accountId":"111122223333","type":"AWS::S3::Bucket","ARN":"arn:aws:s3:::trail-bucket"}]}""";
	}

	private static String logStream() {
		return """
				{"eventVersion":"1.08","eventTime":"2026-02-10T10:06:00Z","eventID":"RUN-logstream","recipientAccountId":"111122223333",
				 "eventSource":"logs.amazonaws.com","eventName":"CreateLogStream","awsRegion":"us-east-1",
				 "sourceIPAddress":"lambda.amazonaws.com","userAgent":"awslambda-worker","readOnly":false,
				 "errorCode":"ThrottlingException","errorMessage":"Rate x-y 50 exceeded",
				 "userIdentity":{"type":"AssumedRole","principalId":"AROALAMBDA:fn",
				   "arn":"arn:aws:sts::111122223333:assumed-role/lambda-exec/fn","accountId":"111122223333",
				   "sessionContext":{"sessionIssuer":{"type":"Role","arn":"arn:aws:iam::111122223333:role/lambda-exec",
				     "userName":"lambda-exec"}}}}""";
	}

}

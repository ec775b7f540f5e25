package io.trailscope.events;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import java.time.temporal.ChronoUnit;

/**
 * The benchmarks' events, generated straight into the table by SQL: skewed distributions
 * of 40 event names, 12 accounts, 6 regions, 500 principals, 5% errors, a unique instance
 * ID per event in the record and its search terms, and a bucket name among 997.
 */
final class BenchmarkEvents {

	static final String[] NAMES = { "GetObject", "DescribeInstances", "AssumeRole", "PutObject", "ListBuckets",
			"Decrypt", "GenerateDataKey", "DescribeVolumes", "GetCallerIdentity", "ConsoleLogin", "CreateTags",
			"DescribeSecurityGroups", "ListRoles", "GetBucketAcl", "RunInstances", "TerminateInstances", "CreateUser",
			"CreateAccessKey", "AuthorizeSecurityGroupIngress", "DeleteTrail", "PutBucketPolicy", "UpdateFunctionCode",
			"Invoke", "GetSecretValue", "CreateSecurityGroup", "AttachRolePolicy", "DescribeDBInstances", "ListObjects",
			"HeadObject", "DescribeSubnets", "DescribeVpcs", "StartInstances", "StopInstances", "CreateLogStream",
			"PutLogEvents", "SendMessage", "ReceiveMessage", "DeleteObject", "GetParameter", "ListKeys" };

	private BenchmarkEvents() {
	}

	/**
	 * Generates {@code events} events over the 30 days before now when the table has
	 * none, and says how long that took; a kept database must hold exactly that many.
	 * @return true if they were generated now
	 */
	static boolean ensure(JdbcClient jdbc, long events, String benchmark) {
		long stored = jdbc.sql("select count(*) from events").query(Long.class).single();
		if (stored > 0) {
			// a kept database (-Dtrailscope.embedded.data-directory=...) from an earlier
			// run: its
			// 30 days end when it was generated, so relative windows are as many hours
			// older
			if (stored != events) {
				throw new IllegalStateException("the kept database holds " + stored + " events, not " + events);
			}
			System.out.printf("%n%s benchmark: %,d events kept from an earlier run%n", benchmark, events);
			return false;
		}
		Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		Instant start = end.minus(Duration.ofDays(30));
		jdbc.sql("select ensure_event_partitions(:from, :to)")
			.param("from", EventStore.utc(start))
			.param("to", EventStore.utc(end.plus(Duration.ofDays(1))))
			.query()
			.listOfRows();
		long t0 = System.nanoTime();
		for (long first = 1; first <= events; first += 1_000_000) {
			generate(jdbc, first, Math.min(events, first + 999_999), events, start, end);
		}
		jdbc.sql("vacuum analyze events").update();
		System.out.printf("%n%s benchmark: %,d events generated and analysed in %.1f s%n", benchmark, events,
				(System.nanoTime() - t0) / 1e9);
		return true;
	}

	/**
	 * Events {@code first..last} of {@code total}, spread evenly over [start, end),
	 * newest last.
	 */
	static void generate(JdbcClient jdbc, long first, long last, long total, Instant start, Instant end) {
		jdbc.sql(
				"""
						insert into events (event_time, event_id, recipient_account_id, event_name, event_source, aws_region,
						  source_address, source_ip, user_agent, error_code, error_message, read_only, event_type, event_category,
						  management_event, request_id, identity_type, principal_id, principal_arn, identity_account_id,
						  access_key_id, user_name, principal, search_terms, record, object_id)
						select t, id, account, name, source, region, ip, ip::inet, agent, error, error, read_only, 'AwsApiCall',
						  'Management', true, id, 'IAMUser', 'AIDA' || u, arn, account, key, 'user-' || u, 'user-' || u,
						  array[lower(name), lower(source), region, account, 'user-' || u, lower(instance), lower(arn), lower(key)]
						    || case when error is null then array[]::text[] else array[lower(error)] end,
						  jsonb_build_object('eventVersion', '1.08', 'eventTime', to_char(t at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
						    'eventID', id, 'eventName', name, 'eventSource', source, 'awsRegion', region,
						    'sourceIPAddress', ip, 'userAgent', agent, 'recipientAccountId', account, 'readOnly', read_only,
						    'errorCode', error,
						    'userIdentity', jsonb_build_object('type', 'IAMUser', 'arn', arn, 'accountId', account,
						      'accessKeyId', key, 'userName', 'user-' || u),
						    'requestParameters', jsonb_build_object('instanceId', instance, 'bucketName', 'bucket-' || (i % 997))),
						  -1
						from (
						  select i, t, 'bench-' || i as id, account, name, split_part(name_source, '|', 2) as source, region, u,
						    case when i % 4 = 0 then '10.' || (i % 250) || '.' || (i % 199) || '.' || (i % 97)
						         else '203.0.113.' || (i % 250) end as ip,
						    (array['aws-cli/2.15.0 Python/3.11', 'Boto3/1.34.0 md/Botocore#1.34.0', 'console.amazonaws.com',
						           'aws-sdk-java/2.25.0', 'terraform/1.7.0'])[1 + (i % 5)] as agent,
						    case when i % 20 = 0 then (array['AccessDenied', 'ThrottlingException', 'NoSuchKey'])[1 + (i / 20) % 3] end as error,
						    (name like 'Get%' or name like 'Describe%' or name like 'List%' or name like 'Head%') as read_only,
						    'arn:aws:iam::' || account || ':user/user-' || u as arn,
						    'AKIABENCH' || lpad(u::text, 7, '0') as key,
						    'i-' || lpad(to_hex(i), 16, '0') as instance
						  from (
						    select i, :start::timestamptz + ((i - 1) * (:span::float8 / :total)) * interval '1 second' as t,
						      (100000000000 + (floor(power(((i * 7919) % 1000) / 1000.0, 2) * 12)))::bigint::text as account,
						      (array[%s])[1 + floor(power(((i * 104729) %% 10007) / 10007.0, 3) * 40)::int] as name_source,
						      (array['us-east-1', 'us-east-1', 'eu-west-1', 'us-west-2', 'eu-central-1', 'ap-southeast-2'])[1 + (i * 31) %% 6] as region,
						      floor(power(((i * 15485863) %% 100003) / 100003.0, 2) * 500)::int as u
						    from generate_series(:first::bigint, :last::bigint) i) g,
						  lateral (select split_part(name_source, '|', 1) as name) n) x
						"""
					.replace("%s", names())
					.replace("%%", "%"))
			.param("start", EventStore.utc(start))
			.param("span", Duration.between(start, end).toSeconds())
			.param("total", total)
			.param("first", first)
			.param("last", last)
			.update();
	}

	private static String names() {
		List<String> pairs = new ArrayList<>();
		for (String name : NAMES) {
			String source = switch (name) {
				case "GetObject", "PutObject", "ListBuckets", "GetBucketAcl", "PutBucketPolicy", "ListObjects",
						"HeadObject", "DeleteObject" ->
					"s3";
				case "AssumeRole", "GetCallerIdentity" -> "sts";
				case "Decrypt", "GenerateDataKey", "ListKeys" -> "kms";
				case "ConsoleLogin" -> "signin";
				case "ListRoles", "CreateUser", "CreateAccessKey", "AttachRolePolicy" -> "iam";
				case "DeleteTrail" -> "cloudtrail";
				case "UpdateFunctionCode", "Invoke" -> "lambda";
				case "GetSecretValue" -> "secretsmanager";
				case "DescribeDBInstances" -> "rds";
				case "CreateLogStream", "PutLogEvents" -> "logs";
				case "SendMessage", "ReceiveMessage" -> "sqs";
				case "GetParameter" -> "ssm";
				default -> "ec2";
			};
			pairs.add("'" + name + "|" + source + ".amazonaws.com'");
		}
		return String.join(", ", pairs);
	}

}

package io.trailscope.events;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.trailscope.TrailscopeIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The search pages at scale, not a test: run with
 * {@code ./mvnw test -Dtest=SearchBenchmark -Dtrailscope.bench.events=10000000}. Generates that many
 * events over the last 30 days straight into the table (skewed distributions of 40 event names, 12
 * accounts, 6 regions, 500 principals, 5% errors; a unique instance ID per event in the record and
 * its search terms), then prints the median time, through the controllers, of: the first page of
 * several combinations of core-column filters (rows and capped count, as the live form gets them),
 * a free-text search for one instance ID over 30 days, facets and histogram of 24 hours, and the
 * rows per second of a CSV export of 24 hours. With
 * {@code -Dtrailscope.embedded.data-directory=DIR} the database is kept, and a later run with the
 * same {@code DIR} and {@code -Dtrailscope.sessions.rebuild-on-startup=false} (the generated events
 * have no sessions, which a start would otherwise rebuild) measures again without generating.
 */
@TrailscopeIntegrationTest
@EnabledIfSystemProperty(named = "trailscope.bench.events", matches = "\\d+")
@WithMockUser(roles = "VIEWER")
class SearchBenchmark {

	static final String[] NAMES = { "GetObject", "DescribeInstances", "AssumeRole", "PutObject", "ListBuckets",
			"Decrypt", "GenerateDataKey", "DescribeVolumes", "GetCallerIdentity", "ConsoleLogin", "CreateTags",
			"DescribeSecurityGroups", "ListRoles", "GetBucketAcl", "RunInstances", "TerminateInstances",
			"CreateUser", "CreateAccessKey", "AuthorizeSecurityGroupIngress", "DeleteTrail", "PutBucketPolicy",
			"UpdateFunctionCode", "Invoke", "GetSecretValue", "CreateSecurityGroup", "AttachRolePolicy",
			"DescribeDBInstances", "ListObjects", "HeadObject", "DescribeSubnets", "DescribeVpcs", "StartInstances",
			"StopInstances", "CreateLogStream", "PutLogEvents", "SendMessage", "ReceiveMessage", "DeleteObject",
			"GetParameter", "ListKeys" };

	@Autowired
	JdbcClient jdbc;

	@Autowired
	WebApplicationContext context;

	@Test
	void searchFacetsHistogramAndExport() throws Exception {
		long events = Long.getLong("trailscope.bench.events");
		Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		Instant start = end.minus(Duration.ofDays(30));
		this.jdbc.sql("select ensure_event_partitions(:from, :to)")
			.param("from", EventStore.utc(start))
			.param("to", EventStore.utc(end.plus(Duration.ofDays(1))))
			.query()
			.listOfRows();
		long t0 = System.nanoTime();
		long stored = this.jdbc.sql("select count(*) from events").query(Long.class).single();
		if (stored == 0) {
			long batch = 1_000_000;
			for (long first = 1; first <= events; first += batch) {
				generate(first, Math.min(events, first + batch - 1), events, start, end);
			}
			this.jdbc.sql("vacuum analyze events").update();
			System.out.printf("%nsearch benchmark: %,d events generated and analysed in %.1f s%n", events,
					(System.nanoTime() - t0) / 1e9);
		}
		else {
			// a kept database (-Dtrailscope.embedded.data-directory=...) from an earlier run: its
			// 30 days end when it was generated, so the windows below are as many hours older
			assertThat(stored).as("events kept from an earlier run").isEqualTo(events);
			System.out.printf("%nsearch benchmark: %,d events kept from an earlier run%n", events);
		}

		MockMvc mvc = MockMvcBuilders.webAppContextSetup(this.context).apply(springSecurity()).build();
		Map<String, String> pages = new LinkedHashMap<>();
		pages.put("no filter, 24 h", "/events");
		pages.put("account + event name, 24 h", "/events?account=100000000003&name=ConsoleLogin");
		pages.put("region + any error, 7 d", "/events?region=eu-west-1&error=any&range=7d");
		pages.put("user + event source, 24 h", "/events?user=user-7&source=s3.amazonaws.com");
		pages.put("source CIDR + read-only=false, 24 h", "/events?ip=10.0.0.0/8&readOnly=false");
		pages.put("event name wildcard excluded + account, 7 d", "/events?not.name=Describe*&account=100000000001&range=7d");
		pages.put("access key, 30 d", "/events?key=AKIABENCH0000042&range=30d");
		// a running console is warm: compile the templates and the rendering path before timing any page
		for (int i = 0; i < 20; i++) {
			for (String url : pages.values()) {
				fragment(mvc, url);
			}
		}
		for (Map.Entry<String, String> page : pages.entrySet()) {
			List<Long> sql = new ArrayList<>();
			double total = median(() -> {
				sql.add(queryTime(fragment(mvc, page.getValue())));
				return null;
			});
			Collections.sort(sql);
			System.out.printf("  first page, %s: %.1f ms median (SQL %d ms)%n", page.getKey(), total, sql.get(sql.size() / 2));
		}
		long probe = Math.max(1, events / 3);
		String instance = String.format("i-%016x", probe);
		System.out.printf("  free text %s, 30 d: %.1f ms median%n", instance, median(() -> {
			fragment(mvc, "/events?range=30d&q=" + instance);
			return null;
		}));
		System.out.printf("  facets + histogram, 24 h: %.1f ms median%n", median(() -> {
			plain(mvc, "/events/facets?range=24h");
			plain(mvc, "/events/histogram?range=24h");
			return null;
		}));
		System.out.printf("  facets + histogram, 24 h, one account: %.1f ms median%n", median(() -> {
			plain(mvc, "/events/facets?range=24h&account=100000000002");
			plain(mvc, "/events/histogram?range=24h&account=100000000002");
			return null;
		}));
		for (int i = 0; i < 2; i++) {
			long t = System.nanoTime();
			MvcResult started = mvc.perform(get("/events/export.csv?range=24h")).andReturn();
			byte[] csv = mvc.perform(asyncDispatch(started)).andExpect(status().isOk()).andReturn().getResponse()
				.getContentAsByteArray();
			double seconds = (System.nanoTime() - t) / 1e9;
			long rows = new String(csv, StandardCharsets.UTF_8).lines().count() - 1;
			System.out.printf("  CSV export, 24 h: %,d rows in %.2f s = %,.0f rows/s%n", rows, seconds, rows / seconds);
		}
		System.out.println();
	}

	/** Events {@code first..last} of {@code total}, spread evenly over [start, end), newest last. */
	private void generate(long first, long last, long total, Instant start, Instant end) {
		this.jdbc.sql("""
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
				""".replace("%s", names()).replace("%%", "%"))
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
				case "GetObject", "PutObject", "ListBuckets", "GetBucketAcl", "PutBucketPolicy", "ListObjects", "HeadObject",
						"DeleteObject" -> "s3";
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

	private static String fragment(MockMvc mvc, String url) throws Exception {
		return mvc.perform(get(url).header("HX-Request", "true")).andExpect(status().isOk()).andReturn().getResponse()
			.getContentAsString();
	}

	/** The query time the page reports (rows and count). */
	private static long queryTime(String page) {
		java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("in (\\d+) ms").matcher(page);
		return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
	}

	private static Void plain(MockMvc mvc, String url) throws Exception {
		mvc.perform(get(url)).andExpect(status().isOk());
		return null;
	}

	private static double median(Callable<Void> action) throws Exception {
		for (int i = 0; i < 3; i++) {
			action.call();
		}
		List<Double> times = new ArrayList<>();
		for (int i = 0; i < 15; i++) {
			long t = System.nanoTime();
			action.call();
			times.add((System.nanoTime() - t) / 1e6);
		}
		Collections.sort(times);
		assertThat(times).isNotEmpty();
		return times.get(times.size() / 2);
	}
}

package io.trailscope.events;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.trailscope.TrailscopeIntegrationTest;
import io.trailscope.events.TestTrail.LogFile;
import io.trailscope.events.TestTrail.Rec;
import io.trailscope.ingest.EventsIngested;
import io.trailscope.ingest.IngestResult;
import io.trailscope.ingest.IngestService;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The rollups ({@code event_counts}) against a recount of the events table after loads
 * through the real loader: every kept cuboid with the account, per hour and per day, must
 * hold exactly the count, first and last time of the events (see {@link RollupRecount}).
 * Each test has trails of its own accounts, so it compares only its own rows of the
 * database the test JVM shares. Retention's side is RetentionDropsCountsIntegrationTest,
 * beside the package-private Retention.
 */
@TrailscopeIntegrationTest
class EventCountsIntegrationTest {

	/** The object ids of an account's events. */
	private static final String OBJECTS = "select object_id from events where recipient_account_id = :account";

	@Autowired
	IngestService ingest;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	EventCounts counts;

	@Autowired
	EventCountsWorker worker;

	@Autowired
	PlatformTransactionManager transactionManager;

	/**
	 * Two whole days in the past, so that no test here depends on the time it runs at.
	 */
	final Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(2));

	@Test
	void countsEveryGroupingOfALoadExactly() {
		TestTrail trail = new TestTrail();
		String account = trail.account;
		Instant next = this.day.plus(Duration.ofDays(1));
		trail.add("DescribeInstances", at(this.day, "10:00"));
		// two events of one group in one hour, a microsecond apart: n = 2, first and last
		// differ
		trail.add("CreateUser", at(this.day, "22:05")).set("eventSource", "iam.amazonaws.com").set("readOnly", false);
		trail.add("CreateUser", at(this.day, "22:05").plusNanos(1000))
			.set("eventSource", "iam.amazonaws.com")
			.set("readOnly", false);
		// no region and no read-only against an empty region, in the same hour: null and
		// '' are two groups
		trail.add("DescribeInstances", at(this.day, "22:30")).set("awsRegion", null).set("readOnly", null);
		trail.add("DescribeInstances", at(this.day, "22:59").plusSeconds(59).plusNanos(999_999_000))
			.set("awsRegion", "");
		trail.add("AssumeRole", at(this.day, "23:00"))
			.assumedRole(account, "Deploy", "ci", "ASIADEPLOY")
			.set("eventSource", "sts.amazonaws.com")
			.set("awsRegion", "eu-west-1")
			.failed("AccessDenied", "not authorized");
		trail.add("AssumeRole", at(this.day, "23:40"))
			.assumedRole(account, "Deploy", "ci", "ASIADEPLOY")
			.set("eventSource", "sts.amazonaws.com")
			.set("awsRegion", "eu-west-1")
			.set("errorCode", "");
		// the first instant of the next day belongs to it, not to the day before
		trail.add("Decrypt", next)
			.set("eventSource", "kms.amazonaws.com")
			.set("userIdentity.type", "AWSService")
			.set("userIdentity.invokedBy", "ec2.amazonaws.com");
		trail.add("ConsoleLogin", next)
			.set("eventSource", "signin.amazonaws.com")
			.set("userIdentity.type", "Root")
			.set("userIdentity.userName", null)
			.set("userIdentity.arn", "arn:aws:iam::" + account + ":root")
			.set("readOnly", "false");
		trail.add("", at(next, "05:17"))
			.set("eventSource", "")
			.set("userIdentity.userName", "bob")
			.set("userIdentity.arn", "arn:aws:iam::" + account + ":user/bob")
			.failed("Client.UnauthorizedOperation", "no");
		trail.add(null, at(next, "05:17").plusSeconds(30)).set("eventSource", null).set("userIdentity", null);
		trail.add("GetObject", at(next, "05:59"))
			.set("eventSource", "s3.amazonaws.com")
			.set("awsRegion", "eu-west-1")
			.failed("NoSuchKey", "gone");
		trail.add("DescribeInstances", at(next, "12:00"));
		trail.load(this.ingest);

		RollupRecount.assertExact(this.jdbc, account);
		assertThat(total(account, "d")).isEqualTo(13);
		assertThat(this.jdbc
			.sql("select count(*) filter (where aws_region = ''), count(*) filter (where aws_region is null)"
					+ " from event_counts where grain = 'h' and dims = :dims and recipient_account_id = :account")
			.param("dims", Dimension.ACCOUNT.bit() | Dimension.REGION.bit())
			.param("account", account)
			.query((rs, n) -> List.of(rs.getLong(1), rs.getLong(2)))
			.single()).containsExactly(1L, 1L);
	}

	@Test
	void staysExactWhenTheSameEventsArriveAgain() {
		TestTrail trail = new TestTrail();
		List<Rec> records = List.of(trail.add("DescribeInstances", at(this.day, "08:15")),
				trail.add("CreateUser", at(this.day, "08:45")).set("readOnly", false),
				trail.add("DescribeInstances", at(this.day, "23:59")).set("awsRegion", ""),
				trail.add("GetObject", at(this.day.plus(Duration.ofDays(1)), "00:10")).failed("AccessDenied", "no"));
		LogFile file = trail.file(records);
		assertThat(file.load(this.ingest).loaded()).isEqualTo(4);
		RollupRecount.assertExact(this.jdbc, trail.account);
		List<String> once = RollupRecount.rollups(this.jdbc, trail.account);

		// the same records in a file of another name: every one a duplicate
		IngestResult copy = file.copy().load(this.ingest);
		assertThat(copy.loaded()).isZero();
		assertThat(copy.duplicates()).isEqualTo(4);
		RollupRecount.assertExact(this.jdbc, trail.account);
		assertThat(RollupRecount.rollups(this.jdbc, trail.account)).containsExactlyInAnyOrderElementsOf(once);

		// the same file imported again: the ledger knows it
		assertThat(file.load(this.ingest).status()).isEqualTo(IngestResult.Status.ALREADY_LOADED);
		RollupRecount.assertExact(this.jdbc, trail.account);
		assertThat(RollupRecount.rollups(this.jdbc, trail.account)).containsExactlyInAnyOrderElementsOf(once);

		// the same key written again (a new ETag, which the ledger has not seen): read
		// again, all duplicates
		IngestResult rewritten = file.newVersion().load(this.ingest);
		assertThat(rewritten.status()).isEqualTo(IngestResult.Status.LOADED);
		assertThat(rewritten.loaded()).isZero();
		RollupRecount.assertExact(this.jdbc, trail.account);
		assertThat(RollupRecount.rollups(this.jdbc, trail.account)).containsExactlyInAnyOrderElementsOf(once);

		// old and new records mixed in the same hours: only the new ones are stored, and
		// their hours
		// are counted from every event in them, the old ones included
		List<Rec> mixed = List.of(records.get(0), trail.add("DescribeInstances", at(this.day, "08:20")), records.get(2),
				trail.add("DescribeInstances", at(this.day, "23:58")).set("awsRegion", ""));
		assertThat(trail.file(mixed).load(this.ingest).loaded()).isEqualTo(2);
		RollupRecount.assertExact(this.jdbc, trail.account);
		assertThat(total(trail.account, "h")).isEqualTo(6);
		assertThat(total(trail.account, "d")).isEqualTo(6);
	}

	@Test
	void endsInTheSameCountsWhateverTheLoadOrder() {
		TestTrail forwards = new TestTrail();
		TestTrail backwards = new TestTrail();
		for (LogFile file : files(forwards)) {
			assertThat(file.load(this.ingest).failed()).isFalse();
		}
		List<LogFile> reversed = new ArrayList<>(files(backwards));
		Collections.reverse(reversed);
		for (LogFile file : reversed) {
			assertThat(file.load(this.ingest).failed()).isFalse();
		}

		RollupRecount.assertExact(this.jdbc, forwards.account);
		RollupRecount.assertExact(this.jdbc, backwards.account);
		assertThat(anonymous(forwards.account)).containsExactlyInAnyOrderElementsOf(anonymous(backwards.account));
		assertThat(total(forwards.account, "d")).isEqualTo(8);
	}

	@Test
	void rebuildsFromTheEventsTable() {
		TestTrail trail = new TestTrail();
		trail.add("DescribeInstances", at(this.day, "03:00"));
		trail.add("CreateUser", at(this.day, "03:30")).set("readOnly", false).set("awsRegion", "");
		trail.add("AssumeRole", at(this.day.plus(Duration.ofDays(1)), "17:45")).failed("AccessDenied", "no");
		trail.load(this.ingest);
		// rows that a rebuild must not keep: it counts from the events, not from what was
		// there
		this.jdbc.sql("update event_counts set n = n + 1 where recipient_account_id = :account")
			.param("account", trail.account)
			.update();
		this.jdbc.sql("delete from event_counts_objects where object_id in (" + OBJECTS + ")")
			.param("account", trail.account)
			.update();

		int days = this.worker.rebuildAll();

		assertThat(days).isGreaterThanOrEqualTo(2);
		RollupRecount.assertExact(this.jdbc, trail.account);
		assertThat(this.counts.pendingObjects()).doesNotContainAnyElementsOf(objects(trail.account));
	}

	@Test
	void countsInTheBackgroundAfterTheDelay() {
		TestTrail trail = new TestTrail();
		trail.add("DescribeInstances", at(this.day, "06:10"));
		trail.load(this.ingest);
		trail.add("CreateUser", at(this.day, "09:50")).set("readOnly", false);
		trail.add("CreateUser", at(this.day.plus(Duration.ofDays(1)), "01:00")).set("readOnly", false);
		trail.load(this.ingest);
		List<Long> objects = objects(trail.account);
		assertThat(objects).hasSize(2);
		this.jdbc.sql("delete from event_counts where recipient_account_id = :account")
			.param("account", trail.account)
			.update();
		this.jdbc.sql("delete from event_counts_objects where object_id in (" + OBJECTS + ")")
			.param("account", trail.account)
			.update();
		Duration delay = Duration.ofMillis(200);
		EventCountsWorker background = new EventCountsWorker(this.counts,
				new SearchProperties(Duration.ofSeconds(30), delay, 150000, 60000, Duration.ofSeconds(60)),
				this.transactionManager);
		try {
			long started = System.nanoTime();
			objects.forEach(object -> background.onEventsIngested(new EventsIngested(object, 1, null, null)));
			List<String> before = RollupRecount.rollups(this.jdbc, trail.account);
			// nothing is counted before the delay; a test thread slower than that proves
			// nothing here
			if (System.nanoTime() - started < delay.toNanos()) {
				assertThat(before).isEmpty();
			}

			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				assertThat(this.counts.pendingObjects()).doesNotContainAnyElementsOf(objects);
				RollupRecount.assertExact(this.jdbc, trail.account);
			});
		}
		finally {
			background.destroy();
		}
	}

	/**
	 * Eight records over two days in four files, which repeat each other's records: in
	 * one order a record is stored by the first file that has it, in the other by
	 * another, and a file may store nothing new at all.
	 */
	private List<LogFile> files(TestTrail trail) {
		Instant next = this.day.plus(Duration.ofDays(1));
		Rec r1 = trail.add("DescribeInstances", at(this.day, "09:10"));
		Rec r2 = trail.add("CreateUser", at(this.day, "09:50"))
			.set("eventSource", "iam.amazonaws.com")
			.set("readOnly", false);
		Rec r3 = trail.add("AssumeRole", at(this.day, "10:00"))
			.assumedRole(trail.account, "Deploy", "ci", "ASIADEPLOY")
			.failed("AccessDenied", "no");
		Rec r4 = trail.add("DescribeInstances", at(this.day, "23:59").plusSeconds(59).plusNanos(500_000_000))
			.set("awsRegion", "");
		Rec r5 = trail.add("DescribeInstances", next);
		Rec r6 = trail.add("DescribeInstances", at(next, "00:30")).set("readOnly", null);
		Rec r7 = trail.add("GetObject", at(next, "07:00")).set("errorCode", "");
		Rec r8 = trail.add("GetObject", at(next, "07:00").plusNanos(1000)).set("userIdentity", null);
		return List.of(trail.file(List.of(r1, r4, r5)), trail.file(List.of(r2, r4, r6)),
				trail.file(List.of(r3, r5, r7, r1)), trail.file(List.of(r8, r6, r2)));
	}

	/**
	 * The account's rollup rows with the account left out, to compare two trails of the
	 * same content.
	 */
	private List<String> anonymous(String account) {
		List<String> rows = new ArrayList<>();
		RollupRecount.rollups(this.jdbc, account).forEach(row -> rows.add(row.replace('"' + account + '"', "ACCOUNT")));
		return rows;
	}

	/**
	 * The account's events as its rollups count them: the sum of its account-only rows of
	 * a grain.
	 */
	private long total(String account, String grain) {
		return this.jdbc
			.sql("select coalesce(sum(n), 0) from event_counts where grain = :grain and dims = :dims"
					+ " and recipient_account_id = :account")
			.param("grain", grain)
			.param("dims", Dimension.ACCOUNT.bit())
			.param("account", account)
			.query(Long.class)
			.single();
	}

	private List<Long> objects(String account) {
		return this.jdbc.sql("select distinct object_id from (" + OBJECTS + ") o order by 1")
			.param("account", account)
			.query(Long.class)
			.list();
	}

	private static Instant at(Instant day, String time) {
		return day.plus(Duration.between(Instant.EPOCH, Instant.parse("1970-01-01T" + time + ":00Z")));
	}

}

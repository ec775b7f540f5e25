package io.trailscope.ingest.retention;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.ScheduledAnnotationBeanPostProcessor;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTask;

import io.trailscope.TrailscopeIntegrationTest;
import io.trailscope.ingest.CloudTrailFiles;
import io.trailscope.ingest.IngestResult;
import io.trailscope.ingest.IngestService;
import io.trailscope.ingest.ObjectKind;
import io.trailscope.ingest.ObjectRef;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retention against the shared test database: the months used here (1979 to 1981) are far
 * before any other test's events, and "now" is passed in, so nothing else is dropped.
 */
@TrailscopeIntegrationTest
class RetentionIntegrationTest {

	static final Instant NOW = Instant.parse("1981-07-15T12:00:00Z");

	static final Duration MAX_AGE = Duration.ofDays(400);

	@Autowired
	Retention retention;

	@Autowired
	IngestService ingest;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ScheduledAnnotationBeanPostProcessor scheduling;

	String tag;

	@BeforeEach
	void load() {
		this.tag = UUID.randomUUID().toString().substring(0, 8);
		load("1980-01-20T10:00:00Z", "old-jan");
		load("1980-02-03T10:00:00Z", "old-feb");
		load("1981-06-30T23:59:59Z", "recent");
		load("1980-06-20T08:00:00Z", "straddling");
	}

	@Test
	void dropsWholeMonthsOlderThanMaxAgeAndKeepsTheRest() {
		Retention.Run run = this.retention.apply(MAX_AGE, NOW);

		// the cutoff is 1980-06-10: June 1980 is only partly older, so it is kept whole
		assertThat(run.cutoff()).isEqualTo(Instant.parse("1980-06-10T12:00:00Z"));
		assertThat(run.dropped()).contains("events_1980m01", "events_1980m02").doesNotContain("events_1980m06");
		assertThat(partitions()).doesNotContain("events_1980m01", "events_1980m02")
			.contains("events_1980m06", "events_1981m06");
		assertThat(events("old-jan")).isZero();
		assertThat(events("old-feb")).isZero();
		assertThat(events("straddling")).isEqualTo(1);
		assertThat(events("recent")).isEqualTo(1);
	}

	@Test
	void dropsNothingWithoutMaxAge() {
		Retention.Run run = this.retention.apply(null, NOW);

		assertThat(run.dropped()).isEmpty();
		assertThat(partitions()).contains("events_1980m01", "events_1980m02", "events_1981m06");
		assertThat(events("old-jan")).isEqualTo(1);
	}

	@Test
	void readsBoundsFromTheCatalogNotTheName() {
		this.jdbc
			.sql("create table events_2999m01 partition of events for values from ('1979-03-01 00:00:00+00') "
					+ "to ('1979-04-01 00:00:00+00')")
			.update();

		Retention.Run run = this.retention.apply(MAX_AGE, NOW);

		assertThat(run.dropped()).contains("events_2999m01");
		assertThat(partitions()).doesNotContain("events_2999m01");
	}

	@Test
	void deletesSessionsWhoseEventsAreAllGone() {
		session("gone-" + this.tag, "1980-01-20T10:00:00Z", "1980-02-03T10:00:00Z");
		session("kept-" + this.tag, "1980-02-03T09:00:00Z", "1980-06-20T08:00:00Z");

		this.retention.apply(MAX_AGE, NOW);

		assertThat(sessions()).contains("kept-" + this.tag).doesNotContain("gone-" + this.tag);
	}

	@Test
	void showsTheOldestKeptMonth() {
		this.retention.apply(MAX_AGE, NOW);

		assertThat(this.retention.oldestKeptMonth()).isNotNull();
		assertThat(this.retention.oldestKeptMonth().toString()).isGreaterThanOrEqualTo("1980-06");
	}

	@Test
	void runsAMinuteAfterStartAndThenDaily() {
		assertThat(this.scheduling.getScheduledTasks()).map(ScheduledTask::getTask)
			.filteredOn(task -> task.toString().contains("Retention.scheduled"))
			.singleElement()
			.isInstanceOfSatisfying(FixedDelayTask.class, task -> {
				assertThat(task.getInitialDelayDuration()).isEqualTo(Duration.ofMinutes(1));
				assertThat(task.getIntervalDuration()).isEqualTo(Duration.ofDays(1));
			});
	}

	private void load(String time, String name) {
		String id = name + "-" + this.tag;
		byte[] file = CloudTrailFiles.trail(time, id).getBytes(StandardCharsets.UTF_8);
		ObjectRef ref = new ObjectRef("file", "", "retention/" + id + ".json", "v1", file.length, Instant.now(),
				ObjectKind.LOG);
		assertThat(this.ingest.ingest(ref, () -> new ByteArrayInputStream(file)).status())
			.isEqualTo(IngestResult.Status.LOADED);
	}

	private void session(String id, String created, String lastActivity) {
		this.jdbc.sql("""
				insert into sessions (id, issuer_event_name, arn, created, expires, issuer_event_id, issuer_event_time,
				  issuer_account, issuer_accounts, first_activity, last_activity)
				values (:id, 'AssumeRole', 'arn:aws:sts::111111111111:assumed-role/Admin/x', :created::timestamptz,
				  :created::timestamptz + interval '1 hour', :id, :created::timestamptz, '111111111111',
				  array['111111111111'], :created::timestamptz, :last::timestamptz)
				""").param("id", id).param("created", created).param("last", lastActivity).update();
	}

	private List<String> partitions() {
		return this.jdbc
			.sql("select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid "
					+ "where i.inhparent = 'events'::regclass")
			.query(String.class)
			.list();
	}

	private List<String> sessions() {
		return this.jdbc.sql("select id from sessions").query(String.class).list();
	}

	private long events(String name) {
		return this.jdbc.sql("select count(*) from events where event_id = ?")
			.param(name + "-" + this.tag)
			.query(Long.class)
			.single();
	}

}

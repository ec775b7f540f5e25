package io.trailscope.ingest.record;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.trailscope.ingest.record.RecordNormalizer.RejectedRecordException;
import java.util.LinkedHashSet;
import java.util.Set;
import io.trailscope.ingest.CloudTrailFiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The recipient account of records that name none, as eventVersion 1.01 records do not,
 * and the window of plausible event times.
 */
class RecordNormalizerTest {

	private static final ObjectMapper mapper = JsonMapper.builder().build();

	private final RecordNormalizer normalizer = new RecordNormalizer(mapper);

	@Test
	void takesTheAccountFromTheKeyWhenTheRecordHasNone() {
		NormalizedEvent e = this.normalizer.normalize(record("v101-1", null), "111122223333");

		assertThat(e.recipientAccountId()).isEqualTo("111122223333");
	}

	@Test
	void takesTheAccountFromTheKeyWhenTheRecordsAccountIsNullOrBlank() {
		ObjectNode nullAccount = record("v101-2", null);
		nullAccount.putNull("recipientAccountId");

		assertThat(this.normalizer.normalize(nullAccount, "111122223333").recipientAccountId())
			.isEqualTo("111122223333");
		assertThat(this.normalizer.normalize(record("v101-3", " "), "111122223333").recipientAccountId())
			.isEqualTo("111122223333");
	}

	@Test
	void keepsTheRecordsOwnAccountWhenTheKeyNamesAnother() {
		NormalizedEvent e = this.normalizer.normalize(record("v108-1", "444455556666"), "111122223333");

		assertThat(e.recipientAccountId()).isEqualTo("444455556666");
	}

	@Test
	void leavesTheAccountEmptyWhenNeitherTheRecordNorTheKeyNamesOne() {
		assertThat(this.normalizer.normalize(record("v101-4", null), null).recipientAccountId()).isEmpty();
		assertThat(this.normalizer.normalize(record("v101-5", null)).recipientAccountId()).isEmpty();
	}

	@Test
	void storesTheRecordWithoutTheAccountTakenFromTheKey() {
		NormalizedEvent e = this.normalizer.normalize(record("v101-6", null), "111122223333");

		assertThat(mapper.readTree(e.recordJson()).has("recipientAccountId")).isFalse();
	}

	@Test
	void rejectsEventTimesBeforeCloudTrailOrMoreThanADayAheadWithTheirReason() {
		Clock clock = Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC);
		RecordNormalizer normalizer = new RecordNormalizer(mapper, IngestLimits.defaults(), clock);

		assertThat(normalizer.normalize(timed("first", "2013-01-01T00:00:00Z")).eventTime())
			.isEqualTo(Instant.parse("2013-01-01T00:00:00Z"));
		assertThat(normalizer.normalize(timed("a-day-ahead", "2025-06-02T12:00:00Z")).eventTime())
			.isEqualTo(Instant.parse("2025-06-02T12:00:00Z"));
		assertThatExceptionOfType(RejectedRecordException.class)
			.isThrownBy(() -> normalizer.normalize(timed("before", "2012-12-31T23:59:59Z")))
			.withMessage("eventTime '2012-12-31T23:59:59Z' is before 2013-01-01 "
					+ "(trailscope.ingest.limits.earliest-event-time) (eventID before)");
		assertThatExceptionOfType(RejectedRecordException.class)
			.isThrownBy(() -> normalizer.normalize(timed("epoch", "1970-01-01T00:00:00Z")))
			.withMessageStartingWith("eventTime '1970-01-01T00:00:00Z' is before 2013-01-01");
		assertThatExceptionOfType(RejectedRecordException.class)
			.isThrownBy(() -> normalizer.normalize(timed("ahead", "2025-06-02T12:00:01Z")))
			.withMessage("eventTime '2025-06-02T12:00:01Z' is more than 1 day ahead of this server's clock "
					+ "(trailscope.ingest.limits.max-event-time-ahead) (eventID ahead)");
		assertThatExceptionOfType(RejectedRecordException.class)
			.isThrownBy(() -> normalizer.normalize(timed("far", "9999-12-31T23:59:59Z")))
			.withMessageContaining("ahead of this server's clock");
	}

	@Test
	void takesThePlausibleWindowFromTheSettings() {
		Clock clock = Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC);
		IngestLimits limits = new IngestLimits(null, 100, null, 1000, 100, LocalDate.of(2020, 1, 1),
				Duration.ofHours(2));
		RecordNormalizer normalizer = new RecordNormalizer(mapper, limits, clock);

		assertThatExceptionOfType(RejectedRecordException.class)
			.isThrownBy(() -> normalizer.normalize(timed("old", "2019-12-31T23:00:00Z")))
			.withMessageContaining("is before 2020-01-01");
		assertThatExceptionOfType(RejectedRecordException.class)
			.isThrownBy(() -> normalizer.normalize(timed("soon", "2025-06-01T14:00:01Z")))
			.withMessageContaining("is more than 2 h ahead");
		assertThat(normalizer.normalize(timed("now", "2025-06-01T14:00:00Z")).eventId()).isEqualTo("now");
	}

	private static ObjectNode timed(String id, String time) {
		ObjectNode record = record(id, "111122223333");
		record.put("eventTime", time);
		return record;
	}

	/**
	 * An eventVersion 1.01 record, with {@code recipientAccountId} only if
	 * {@code account} is given.
	 */
	private static ObjectNode record(String id, String account) {
		ObjectNode record = (ObjectNode) mapper.readTree(CloudTrailFiles.recordWithoutAccount(id));
		if (account != null) {
			record.put("recipientAccountId", account);
		}
		return record;
	}

	@Test
	void theLoaderStoresTheWholeValueAndItsParts() {
		Set<String> terms = new LinkedHashSet<>();
		RecordNormalizer.addTerms("arn:aws:s3:::My-Bucket/key", terms);
		assertThat(terms).containsExactly("arn:aws:s3:::my-bucket/key", "arn", "aws", "my-bucket", "key");
	}

	@Test
	void timestampsBooleansAndShortNumbersAreNotTerms() {
		for (String value : new String[] { "2026-02-10T10:01:00Z", "2026-02-10T10:01:00.123Z", "2026-02-10",
				"2026-02-10T10:01:00+01:00", "20131102T010628Z", "true", "FALSE", "1.08", "443", "2.0" }) {
			Set<String> terms = new LinkedHashSet<>();
			RecordNormalizer.addTerms(value, terms);
			assertThat(terms).as(value).isEmpty();
		}
	}

}

package io.trailscope.ingest;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The recipient account of records that name none, as eventVersion 1.01 records do not. */
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

	/** An eventVersion 1.01 record, with {@code recipientAccountId} only if {@code account} is given. */
	private static ObjectNode record(String id, String account) {
		ObjectNode record = (ObjectNode) mapper.readTree(CloudTrailFiles.recordWithoutAccount(id));
		if (account != null) {
			record.put("recipientAccountId", account);
		}
		return record;
	}
}

package io.trailscope.ingest.local;

import java.util.ArrayList;
import java.util.List;

import io.trailscope.ingest.IngestResult;

/**
 * What an import did, file by file.
 *
 * @param files objects seen
 * @param loaded events stored
 * @param duplicates records already stored
 * @param skipped objects skipped (digests, empty files) or already loaded
 * @param failed objects that failed or loaded only in part
 * @param failures the name and reason of each failed object
 */
public record ImportSummary(long files, long loaded, long duplicates, long skipped, long failed,
		List<String> failures) {

	public ImportSummary {
		failures = List.copyOf(failures);
	}

	public boolean anyFailed() {
		return this.failed > 0;
	}

	static final class Builder {

		private long files;

		private long loaded;

		private long duplicates;

		private long skipped;

		private long failed;

		private final List<String> failures = new ArrayList<>();

		void add(String name, IngestResult result) {
			this.files++;
			this.loaded += result.loaded();
			this.duplicates += result.duplicates();
			switch (result.status()) {
				case SKIPPED, ALREADY_LOADED -> this.skipped++;
				case FAILED, PARTIAL -> failed(name, result.error());
				case LOADED -> {
				}
			}
		}

		void failed(String name, String reason) {
			this.failed++;
			this.failures.add(name + ": " + reason);
		}

		ImportSummary build() {
			return new ImportSummary(this.files, this.loaded, this.duplicates, this.skipped, this.failed,
					this.failures);
		}

	}
}

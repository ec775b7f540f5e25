package io.trailscope.ingest;

/** Told how far a load has got, so long files can keep their queue message invisible. */
@FunctionalInterface
public interface ProgressListener {

	ProgressListener NONE = records -> {
	};

	void recordsRead(long records);

}

package io.trailscope.sample;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.trailscope.database.EmbeddedDatabase;
import io.trailscope.ingest.IngestResult;
import io.trailscope.ingest.IngestService;
import io.trailscope.ingest.ObjectKind;
import io.trailscope.ingest.ObjectRef;
import io.trailscope.sample.TrailGenerator.GeneratedFile;
import io.trailscope.sample.TrailGenerator.Settings;

/**
 * Loads the sample trail on a first start on the embedded database, so that a new
 * installation has a week of activity (and one intrusion) to investigate. Never on a
 * configured database, never when events exist, and in the background once the
 * application is ready, so the console answers at once and fills as files are loaded. The
 * files go through the ingest module like any trail's, so the ledger makes a repeated
 * load change nothing.
 */
@Component
class SampleTrail {

	private static final Logger log = LoggerFactory.getLogger(SampleTrail.class);

	static final String SOURCE = "sample";

	static final String BUCKET = "sample";

	private final SampleProperties properties;

	private final ObjectProvider<EmbeddedDatabase> embedded;

	private final JdbcClient jdbc;

	private final IngestService ingest;

	/** Set once a load has been started; read by tests. */
	final AtomicBoolean started = new AtomicBoolean();

	private volatile boolean stopping;

	SampleTrail(SampleProperties properties, ObjectProvider<EmbeddedDatabase> embedded, JdbcClient jdbc,
			IngestService ingest) {
		this.properties = properties;
		this.embedded = embedded;
		this.jdbc = jdbc;
		this.ingest = ingest;
	}

	@EventListener(ApplicationReadyEvent.class)
	void applicationReady() {
		if (!shouldLoad() || !this.started.compareAndSet(false, true)) {
			return;
		}
		Settings settings = Settings.defaults(Instant.now().truncatedTo(ChronoUnit.MINUTES));
		Thread loader = new Thread(() -> {
			try {
				load(settings, this.properties.events());
			}
			catch (RuntimeException ex) {
				log.warn("Could not load the sample trail: {}", ex.getMessage(), ex);
			}
		}, "sample-trail");
		loader.setDaemon(true);
		loader.start();
	}

	@EventListener(ContextClosedEvent.class)
	void contextClosed() {
		this.stopping = true;
	}

	/**
	 * Whether this start should load the sample: enabled, on the embedded database, and
	 * no events yet.
	 */
	boolean shouldLoad() {
		if (!this.properties.enabled() || this.embedded.getIfAvailable() == null) {
			return false;
		}
		return !this.jdbc.sql("select exists (select 1 from events)").query(Boolean.class).single();
	}

	/** Generates a trail and loads it file by file; what it did. */
	Summary load(Settings settings, long events) {
		log.info("Loading the sample trail…");
		long began = System.nanoTime();
		Summary summary = new Summary();
		new TrailGenerator(settings).generate(events, file -> {
			if (this.stopping) {
				throw new IllegalStateException("the application is stopping");
			}
			summary.add(load(file));
		});
		summary.seconds = (System.nanoTime() - began) / 1e9;
		log.info(
				"Loaded the sample trail: {} events in {} files ({} already loaded, {} failed), {} accounts and {} "
						+ "regions over {} days, in {} s",
				summary.loaded, summary.files, summary.alreadyLoaded, summary.failed, settings.accounts().size(),
				settings.regions().size(), Duration.between(settings.start(), settings.end()).toDays(),
				Math.round(summary.seconds));
		return summary;
	}

	private IngestResult load(GeneratedFile file) {
		byte[] bytes = file.gzipped();
		ObjectRef ref = new ObjectRef(SOURCE, BUCKET, file.key(), md5(bytes), bytes.length, file.deliveredAt(),
				ObjectKind.LOG);
		return this.ingest.ingest(ref, () -> new ByteArrayInputStream(bytes));
	}

	/** The ETag S3 gives an object uploaded in one part. */
	private static String md5(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Counts of one load. */
	static final class Summary {

		long files;

		long records;

		long loaded;

		long alreadyLoaded;

		long failed;

		long rejected;

		double seconds;

		void add(IngestResult result) {
			this.files++;
			this.records += result.records();
			this.loaded += result.loaded();
			this.rejected += result.rejected();
			if (result.status() == IngestResult.Status.ALREADY_LOADED) {
				this.alreadyLoaded++;
			}
			if (result.failed()) {
				this.failed++;
			}
		}

	}

}

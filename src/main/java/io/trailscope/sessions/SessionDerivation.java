package io.trailscope.sessions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.trailscope.ingest.EventsIngested;

/**
 * Keeps the sessions table in step with the events table. After ingest it folds the new
 * rows of the objects loaded into sessions: new issuances are stored, their parents and
 * the sessions they parent are linked, roots are recomputed down the chains, and the call
 * counts of every session with new calls are recounted. Each step reads the whole events
 * table, not just the new rows, so usage loaded before its issuer, or a child before its
 * parent, is linked once the other arrives, and any load order ends in the same sessions.
 * Derivations are serialised by an advisory lock and recorded per object, so concurrent
 * ingest is safe, a failed derivation is caught up at the next start, and deriving an
 * object twice changes nothing.
 *
 * <p>
 * By default derivation runs off the loaders' threads, on one worker that takes every
 * object loaded since its last round in one transaction: loaders never wait on the lock,
 * and a session whose calls arrive in many small files is recounted once a round instead
 * of once a file. With {@code trailscope.sessions.derive-delay=0} each load is derived in
 * its loader's thread.
 */
@Service
public class SessionDerivation implements ApplicationRunner, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(SessionDerivation.class);

	/**
	 * Objects per transaction: bounds the lock's hold and the size of one round's
	 * statements.
	 */
	static final int BATCH = 500;

	private final SessionStore store;

	private final SessionLineage lineage;

	private final SessionRules rules;

	private final SessionProperties properties;

	private final TransactionTemplate transactions;

	private final Set<Long> pending = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean scheduled = new AtomicBoolean();

	private final ScheduledExecutorService worker;

	SessionDerivation(SessionStore store, SessionLineage lineage, SessionProperties properties,
			PlatformTransactionManager transactionManager) {
		this.store = store;
		this.lineage = lineage;
		this.rules = SessionRules.of(properties);
		this.properties = properties;
		this.transactions = new TransactionTemplate(transactionManager);
		this.worker = properties.deriveDelay().isZero() ? null : Executors.newSingleThreadScheduledExecutor(task -> {
			Thread thread = new Thread(task, "session-derivation");
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Ingest has committed new events: derive their sessions. A failure here never fails
	 * the ingest.
	 */
	@EventListener
	void onEventsIngested(EventsIngested ingested) {
		if (this.worker == null) {
			deriveQuietly(List.of(ingested.objectId()));
			return;
		}
		this.pending.add(ingested.objectId());
		if (this.scheduled.compareAndSet(false, true)) {
			this.worker.schedule(this::drain, this.properties.deriveDelay().toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	/** One round of the worker: everything loaded since the last. */
	private void drain() {
		// cleared first, so an object added while this round runs schedules the next one
		this.scheduled.set(false);
		List<Long> objects = new ArrayList<>(this.pending);
		this.pending.removeAll(objects);
		Collections.sort(objects);
		batches(objects).forEach(this::deriveQuietly);
	}

	private void deriveQuietly(List<Long> objectIds) {
		try {
			derive(objectIds);
		}
		catch (RuntimeException ex) {
			log.warn("Could not derive sessions from {} object(s) (caught up at next start): {}", objectIds.size(),
					ex.getMessage(), ex);
		}
	}

	/**
	 * At start-up: rebuild everything if sessions are missing, else catch up on objects
	 * not yet derived.
	 */
	@Override
	public void run(ApplicationArguments args) {
		try {
			if (this.properties.rebuildOnStartup() && this.store.needsRebuild()) {
				log.info("Rebuilt {} objects into sessions", rebuildAll());
			}
			else {
				catchUp();
			}
		}
		catch (RuntimeException ex) {
			log.warn("Could not bring sessions up to date at start-up: {}", ex.getMessage(), ex);
		}
	}

	@Override
	public void destroy() {
		if (this.worker != null) {
			// what is still pending is found by catchUp at the next start
			this.worker.shutdownNow();
		}
	}

	/** Folds the events of one ingested object into sessions; idempotent. */
	public void derive(long objectId) {
		derive(List.of(objectId));
	}

	/**
	 * Folds the events of these ingested objects into sessions, in one transaction;
	 * idempotent.
	 */
	public void derive(List<Long> objectIds) {
		if (objectIds.isEmpty()) {
			return;
		}
		this.transactions.executeWithoutResult(status -> {
			this.store.lock();
			deriveObjects(objectIds);
			this.store.markDerived(objectIds);
		});
	}

	/** Derives every ingested object not derived yet. */
	public int catchUp() {
		List<Long> pending = this.store.pendingObjects();
		deriveInBatches(pending);
		return pending.size();
	}

	/** Deletes all sessions and derives them again from the events table. */
	public int rebuildAll() {
		this.transactions.executeWithoutResult(status -> {
			this.store.lock();
			this.store.deleteAll();
		});
		List<Long> objects = this.transactions.execute(status -> this.store.objectsWithEvents());
		deriveInBatches(objects);
		return objects.size();
	}

	private void deriveInBatches(List<Long> objects) {
		batches(objects).forEach(this::derive);
	}

	private static List<List<Long>> batches(List<Long> objects) {
		List<List<Long>> batches = new ArrayList<>();
		for (int i = 0; i < objects.size(); i += BATCH) {
			batches.add(objects.subList(i, Math.min(objects.size(), i + BATCH)));
		}
		return batches;
	}

	private void deriveObjects(List<Long> objectIds) {
		List<Issuance> issued = new ArrayList<>();
		for (IssuingEvent row : this.store.issuingEvents(objectIds)) {
			this.rules.issuance(row).ifPresent(issued::add);
		}
		Set<String> relink = new TreeSet<>();
		for (Issuance issuance : issued) {
			this.store.upsert(issuance);
			relink.add(issuance.id());
		}
		for (Issuance issuance : issued) {
			relink.addAll(this.lineage.possibleChildren(issuance.key()));
		}
		for (String id : relink) {
			this.store.issuance(id).ifPresent(this::link);
		}
		for (String id : this.lineage.withDescendants(List.copyOf(relink))) {
			List<Issuance> chain = this.lineage.chain(id);
			if (!chain.isEmpty()) {
				this.store.setRoot(id, SessionRules.root(chain), SessionRules.chainSourceIdentity(chain));
			}
		}
		Set<String> recount = new TreeSet<>(relink);
		recount.addAll(this.store.sessionsCalledBy(objectIds));
		recount.forEach(this.store::refreshStats);
	}

	private void link(Issuance child) {
		Optional<SessionRules.Parent> parent = this.rules.parent(child, parentCandidates(child));
		this.store.setParent(child.id(), parent.map(SessionRules.Parent::id).orElse(null),
				parent.map(SessionRules.Parent::method).orElse(null));
	}

	private List<SessionKey> parentCandidates(Issuance child) {
		if (child.switchFrom() != null) {
			Instant at = child.issuerEventTime();
			return this.lineage.sessionsOf(child.switchFrom(), at.minus(this.properties.consoleLength()), at);
		}
		Signer signer = child.signer();
		if (signer.arn() == null || signer.sessionCreated() == null) {
			return List.of();
		}
		return this.lineage.sessionsOf(signer.arn(), signer.sessionCreated().minus(this.rules.clockSkew()),
				signer.sessionCreated().plus(this.rules.clockSkew()));
	}

	SessionRules rules() {
		return this.rules;
	}

}

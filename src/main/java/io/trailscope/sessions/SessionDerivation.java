package io.trailscope.sessions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.trailscope.ingest.EventsIngested;

/**
 * Keeps the sessions table in step with the events table. After each ingest it folds the new rows
 * of the object into sessions: new issuances are stored, their parents and the sessions they parent
 * are linked, roots are recomputed down the chains, and the call counts of every session with new
 * calls are recounted. Each step reads the whole events table, not just the new rows, so usage
 * loaded before its issuer, or a child before its parent, is linked once the other arrives, and
 * any load order ends in the same sessions. Derivations are serialised by an advisory lock and
 * recorded per object, so concurrent ingest is safe, a failed derivation is caught up at the next
 * start, and deriving an object twice changes nothing.
 */
@Service
public class SessionDerivation implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(SessionDerivation.class);

	private final SessionStore store;

	private final SessionRules rules;

	private final SessionProperties properties;

	private final TransactionTemplate transactions;

	SessionDerivation(SessionStore store, SessionProperties properties, PlatformTransactionManager transactionManager) {
		this.store = store;
		this.rules = SessionRules.of(properties);
		this.properties = properties;
		this.transactions = new TransactionTemplate(transactionManager);
	}

	/** Ingest has committed new events: derive their sessions. A failure here never fails the ingest. */
	@EventListener
	void onEventsIngested(EventsIngested ingested) {
		try {
			derive(ingested.objectId());
		}
		catch (RuntimeException ex) {
			log.warn("Could not derive sessions from object {} (caught up at next start): {}", ingested.objectId(),
					ex.getMessage(), ex);
		}
	}

	/** At start-up: rebuild everything if sessions are missing, else catch up on objects not yet derived. */
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

	/** Folds the events of one ingested object into sessions; idempotent. */
	public void derive(long objectId) {
		this.transactions.executeWithoutResult(status -> {
			this.store.lock();
			deriveObject(objectId);
			this.store.markDerived(objectId);
		});
	}

	/** Derives every ingested object not derived yet. */
	public int catchUp() {
		List<Long> pending = this.store.pendingObjects();
		pending.forEach(this::derive);
		return pending.size();
	}

	/** Deletes all sessions and derives them again from the events table. */
	public int rebuildAll() {
		this.transactions.executeWithoutResult(status -> {
			this.store.lock();
			this.store.deleteAll();
		});
		List<Long> objects = this.transactions.execute(status -> this.store.objectsWithEvents());
		objects.forEach(this::derive);
		return objects.size();
	}

	private void deriveObject(long objectId) {
		List<Issuance> issued = new ArrayList<>();
		for (EventRow row : this.store.issuingEvents(objectId)) {
			this.rules.issuance(row).ifPresent(issued::add);
		}
		Set<String> relink = new TreeSet<>();
		for (Issuance issuance : issued) {
			this.store.upsert(issuance);
			relink.add(issuance.id());
		}
		for (Issuance issuance : issued) {
			relink.addAll(this.store.possibleChildren(issuance.key()));
		}
		for (String id : relink) {
			this.store.issuance(id).ifPresent(this::link);
		}
		for (String id : this.store.withDescendants(List.copyOf(relink))) {
			List<Issuance> chain = this.store.chain(id);
			if (!chain.isEmpty()) {
				this.store.setRoot(id, SessionRules.root(chain), SessionRules.chainSourceIdentity(chain));
			}
		}
		Set<String> recount = new TreeSet<>(relink);
		recount.addAll(this.store.sessionsCalledBy(objectId));
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
			return this.store.sessionsOf(child.switchFrom(), at.minus(this.properties.consoleLength()), at);
		}
		Signer signer = child.signer();
		if (signer.arn() == null || signer.sessionCreated() == null) {
			return List.of();
		}
		return this.store.sessionsOf(signer.arn(), signer.sessionCreated().minus(this.rules.clockSkew()),
				signer.sessionCreated().plus(this.rules.clockSkew()));
	}

	SessionRules rules() {
		return this.rules;
	}
}

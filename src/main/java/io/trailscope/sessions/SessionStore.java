package io.trailscope.sessions;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.ObjectMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.trailscope.events.EventRow;
import io.trailscope.ingest.Ledger;
import io.trailscope.query.QueryCompiler;
import io.trailscope.query.SqlCondition;
import org.postgresql.util.PGInterval;

import static io.trailscope.sessions.SessionRows.instant;
import static io.trailscope.sessions.SessionRows.utc;

/**
 * Writes the sessions table: deriving sessions from the events table, recounting their
 * calls and deleting them; and reads one session, by id or by an event of it, and the
 * scope of its calls. How sessions chain is read by {@link SessionLineage}, the session
 * list by {@link SessionList}. Values are always bound; the only SQL text assembled here
 * is made of the constant conditions below.
 */
@Repository
class SessionStore {

	private static final String EVENT_COLUMNS = "e.event_id, e.recipient_account_id, e.event_time, e.event_name, "
			+ "e.event_source, e.aws_region, e.source_address, e.user_agent, e.error_code, e.shared_event_id, "
			+ "e.identity_type, e.principal, e.principal_arn, e.access_key_id, e.session_created, e.invoked_by, "
			+ "e.mfa_authenticated, e.source_identity, e.record::text as record";

	/**
	 * The join of a call {@code e} to the sessions {@code s} it belongs to: the SQL form
	 * of {@link SessionRules#link}.
	 */
	private static final String CALL_OF_SESSION = """
			s.arn = e.principal_arn
			and e.session_created between s.created - :skew and s.created + :skew
			and e.event_time between s.created - :skew and s.expires + :skew
			and (s.issued_key is null or s.issued_key = e.access_key_id)""";

	private final JdbcClient jdbc;

	private final ObjectMapper mapper;

	private final Duration skew;

	private final QueryCompiler compiler;

	private final Ledger ledger;

	SessionStore(JdbcClient jdbc, ObjectMapper mapper, SessionProperties properties, QueryCompiler compiler,
			Ledger ledger) {
		this.jdbc = jdbc;
		this.ledger = ledger;
		this.mapper = mapper;
		this.compiler = compiler;
		this.skew = properties.clockSkew();
	}

	// ---- the scope of a session
	// ----------------------------------------------------------------

	/**
	 * The calls of a session as a condition on events alias {@code e}: the same ARN, a
	 * creation date within the clock-skew window, a time within the credentials'
	 * validity, and the issued key unless it is a console session. Served by the key and
	 * ARN indexes of events.
	 */
	SqlCondition scope(SessionKey session) {
		Map<String, Object> params = new HashMap<>();
		params.put("session_arn", session.arn());
		params.put("session_created_from", utc(session.created().minus(this.skew)));
		params.put("session_created_to", utc(session.created().plus(this.skew)));
		params.put("session_from", utc(session.created().minus(this.skew)));
		params.put("session_to", utc(session.expires().plus(this.skew)));
		String condition = "e.principal_arn = :session_arn"
				+ " and e.session_created between :session_created_from and :session_created_to"
				+ " and e.event_time between :session_from and :session_to";
		if (!session.console()) {
			params.put("session_key", session.issuedKey());
			condition = "e.access_key_id = :session_key and " + condition;
		}
		return new SqlCondition("(" + condition + ")", params);
	}

	// ---- derivation
	// ------------------------------------------------------------------------------

	/**
	 * Serialises derivations (ingest listeners, catch-up and rebuild) until the
	 * transaction ends.
	 */
	void lock() {
		this.jdbc.sql("select pg_advisory_xact_lock(hashtext('trailscope.sessions'))").query().listOfRows();
	}

	List<IssuingEvent> issuingEvents(List<Long> objectIds) {
		return this.jdbc
			.sql("select " + EVENT_COLUMNS + " from events e where e.object_id = any(:objectIds)"
					+ " and e.event_name = any(:issuing) and e.error_code is null"
					+ " order by e.event_time, e.event_id, e.recipient_account_id")
			.param("objectIds", objectIds.toArray(Long[]::new))
			.param("issuing", EventRow.ISSUING_EVENT_NAMES.toArray(String[]::new))
			.query(this::issuingEvent)
			.list();
	}

	/**
	 * Stores an issuance. The copies of a cross-account issuing event fold into one row,
	 * their accounts merged. Whichever copy arrives first, the details come from the same
	 * one: a copy that names its signer (the caller's, where the role owner's says only
	 * "AWSAccount") before one that does not, then the lowest account.
	 */
	void upsert(Issuance i) {
		Map<String, Object> params = issuanceParams(i);
		this.jdbc
			.sql("""
					insert into sessions (id, issuer_event_name, arn, issued_key, created, expires, role_arn, session_name,
					  issuer_event_id, issuer_event_time, issuer_account, shared_event_id, issuer_accounts, region,
					  source_address, user_agent, mfa, source_identity, switch_from, signer_type, signer_principal,
					  signer_arn, signer_key, signer_created, signer_invoked_by, signer_provider)
					values (:id, :eventName, :arn, :key, :created, :expires, :roleArn, :sessionName, :eventId, :eventTime,
					  :account, :sharedEventId, array[:account]::text[], :region, :sourceAddress, :userAgent, :mfa,
					  :sourceIdentity, :switchFrom, :signerType, :signerPrincipal, :signerArn, :signerKey, :signerCreated,
					  :signerInvokedBy, :signerProvider)
					on conflict (id) do update set
					  issuer_accounts = array(select distinct a from unnest(sessions.issuer_accounts || excluded.issuer_accounts) a order by a),
					  updated_at = now()
					""")
			.params(params)
			.update();
		this.jdbc
			.sql("""
					update sessions set issuer_event_name = :eventName, expires = :expires, role_arn = :roleArn,
					  session_name = :sessionName, issuer_event_id = :eventId, issuer_event_time = :eventTime,
					  issuer_account = :account, shared_event_id = :sharedEventId, region = :region,
					  source_address = :sourceAddress, user_agent = :userAgent, mfa = :mfa, source_identity = :sourceIdentity,
					  switch_from = :switchFrom, signer_type = :signerType, signer_principal = :signerPrincipal,
					  signer_arn = :signerArn, signer_key = :signerKey, signer_created = :signerCreated,
					  signer_invoked_by = :signerInvokedBy, signer_provider = :signerProvider
					where id = :id
					  and (signer_arn is null, issuer_account = '', issuer_account, issuer_event_id)
					    > (cast(:signerArn as text) is null, cast(:account as text) = '', cast(:account as text), cast(:eventId as text))
					""")
			.params(params)
			.update();
	}

	/** The sessions that rows of these objects are calls of. */
	List<String> sessionsCalledBy(List<Long> objectIds) {
		return this.jdbc
			.sql("select distinct s.id from events e join sessions s on " + CALL_OF_SESSION
					+ " where e.object_id = any(:objectIds) and e.session_created is not null order by s.id")
			.param("objectIds", objectIds.toArray(Long[]::new))
			.param("skew", skewInterval())
			.query(String.class)
			.list();
	}

	Optional<Issuance> issuance(String id) {
		return this.jdbc.sql("select * from sessions where id = :id")
			.param("id", id)
			.query(SessionRows::issuance)
			.optional();
	}

	void setParent(String id, String parentId, LinkMethod method) {
		this.jdbc.sql("update sessions set parent_id = :parent, parent_link = :link where id = :id")
			.param("parent", parentId)
			.param("link", method == null ? null : method.name())
			.param("id", id)
			.update();
	}

	void setRoot(String id, Root root, String chainSourceIdentity) {
		this.jdbc
			.sql("update sessions set root_kind = :kind, root_principal = :principal,"
					+ " chain_source_identity = :sourceIdentity where id = :id")
			.param("kind", root.kind())
			.param("principal", root.principal())
			.param("sourceIdentity", chainSourceIdentity)
			.param("id", id)
			.update();
	}

	/**
	 * Recounts a session's calls from the events table; a recount, so any load order
	 * gives the same figures.
	 */
	void refreshStats(String id) {
		Optional<SessionKey> key = this.jdbc
			.sql("select id, arn, issued_key, created, expires from sessions where id = :id for update")
			.param("id", id)
			.query(SessionRows::key)
			.optional();
		if (key.isEmpty()) {
			return;
		}
		SqlCondition scope = scope(key.get());
		this.jdbc
			.sql("""
					update sessions s set call_count = x.calls, error_count = x.errors, first_activity = x.first_time,
					  last_activity = x.last_time, regions = x.regions, accounts = x.accounts, updated_at = now()
					from (select count(*) as calls, count(e.error_code) as errors, min(e.event_time) as first_time,
					        max(e.event_time) as last_time,
					        coalesce(array_agg(distinct e.aws_region order by e.aws_region) filter (where e.aws_region is not null), '{}') as regions,
					        coalesce(array_agg(distinct e.recipient_account_id order by e.recipient_account_id)
					          filter (where e.recipient_account_id <> ''), '{}') as accounts
					      from events e where """
					+ scope.sql() + """
							) x
							where s.id = :id
							""")
			.params(scope.params())
			.param("id", id)
			.update();
	}

	void markDerived(List<Long> objectIds) {
		this.jdbc.sql("insert into session_objects (object_id) select unnest(:ids) on conflict (object_id) do nothing")
			.param("ids", objectIds.toArray(Long[]::new))
			.update();
	}

	/**
	 * Ingested objects with events that have not been folded into sessions (loaded while
	 * down, or failed).
	 */
	List<Long> pendingObjects() {
		return this.ledger
			.loadedExcept(ids -> this.jdbc.sql("select object_id from session_objects where object_id = any(:ids)")
				.param("ids", ids.toArray(Long[]::new))
				.query(Long.class)
				.list());
	}

	/**
	 * Deletes the sessions none of whose events (issuing call or calls) remain before a
	 * time: those whose last activity, or creation if they have none, is earlier.
	 * @return how many
	 */
	int deleteEndedBefore(Instant before) {
		return this.jdbc.sql("delete from sessions where coalesce(last_activity, created) < :before")
			.param("before", utc(before))
			.update();
	}

	List<Long> objectsWithEvents() {
		return this.jdbc.sql("select distinct object_id from events where object_id is not null order by object_id")
			.query(Long.class)
			.list();
	}

	boolean needsRebuild() {
		return this.jdbc.sql("select not exists (select 1 from sessions) and exists (select 1 from events)")
			.query(Boolean.class)
			.single();
	}

	void deleteAll() {
		this.jdbc.sql("delete from sessions").update();
		this.jdbc.sql("delete from session_objects").update();
	}

	// ---- reading
	// ---------------------------------------------------------------------------------

	Optional<Session> find(String id) {
		return this.jdbc.sql("select * from sessions where id = :id")
			.param("id", id)
			.query(SessionRows::session)
			.optional();
	}

	/**
	 * The session an event created (for an issuing event) or belongs to (for a call): the
	 * strongest link first, a session with a key before a console session.
	 */
	Optional<String> sessionOfEvent(String eventId) {
		Optional<String> issued = this.jdbc
			.sql("select id from sessions where issuer_event_id = :eventId order by id limit 1")
			.param("eventId", eventId)
			.query(String.class)
			.optional();
		if (issued.isPresent()) {
			return issued;
		}
		return this.jdbc.sql("select s.id from events e join sessions s on " + CALL_OF_SESSION + """
				 where e.event_id = :eventId and e.session_created is not null
				order by (s.issued_key is not null) desc, abs(extract(epoch from e.session_created - s.created)), s.id
				limit 1
				""").param("eventId", eventId).param("skew", skewInterval()).query(String.class).optional();
	}

	// ---- mapping
	// ---------------------------------------------------------------------------------

	private IssuingEvent issuingEvent(ResultSet rs, int n) throws SQLException {
		return new IssuingEvent(rs.getString("event_id"), rs.getString("recipient_account_id"),
				instant(rs, "event_time"), rs.getString("event_name"), rs.getString("event_source"),
				rs.getString("aws_region"), rs.getString("source_address"), rs.getString("user_agent"),
				rs.getString("error_code"), rs.getString("shared_event_id"), rs.getString("identity_type"),
				rs.getString("principal"), rs.getString("principal_arn"), rs.getString("access_key_id"),
				instant(rs, "session_created"), rs.getString("invoked_by"), (Boolean) rs.getObject("mfa_authenticated"),
				rs.getString("source_identity"), this.mapper.readTree(rs.getString("record")));
	}

	private static Map<String, Object> issuanceParams(Issuance i) {
		Map<String, Object> p = new HashMap<>();
		p.put("id", i.id());
		p.put("eventName", i.issuerEventName());
		p.put("arn", i.arn());
		p.put("key", i.issuedKey());
		p.put("created", utc(i.created()));
		p.put("expires", utc(i.expires()));
		p.put("roleArn", i.roleArn());
		p.put("sessionName", i.sessionName());
		p.put("eventId", i.issuerEventId());
		p.put("eventTime", utc(i.issuerEventTime()));
		p.put("account", i.issuerAccount() == null ? "" : i.issuerAccount());
		p.put("sharedEventId", i.sharedEventId());
		p.put("region", i.region());
		p.put("sourceAddress", i.sourceAddress());
		p.put("userAgent", i.userAgent());
		p.put("mfa", i.mfa());
		p.put("sourceIdentity", i.sourceIdentity());
		p.put("switchFrom", i.switchFrom());
		p.put("signerType", i.signer().type());
		p.put("signerPrincipal", i.signer().principal());
		p.put("signerArn", i.signer().arn());
		p.put("signerKey", i.signer().accessKeyId());
		p.put("signerCreated", utc(i.signer().sessionCreated()));
		p.put("signerInvokedBy", i.signer().invokedBy());
		p.put("signerProvider", i.signer().provider());
		return p;
	}

	private PGInterval skewInterval() {
		return new PGInterval(0, 0, 0, 0, 0, this.skew.toMillis() / 1000.0);
	}

}

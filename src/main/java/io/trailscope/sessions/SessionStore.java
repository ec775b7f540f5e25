package io.trailscope.sessions;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.ObjectMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.trailscope.events.EventRow;
import io.trailscope.events.SearchJdbc;
import io.trailscope.ingest.Ledger;
import io.trailscope.query.QueryCompiler;
import io.trailscope.query.SqlCondition;
import org.postgresql.util.PGInterval;

/**
 * Owns every statement of the sessions module: deriving sessions from the events table,
 * and reading sessions and their calls. Values are always bound; the only SQL text
 * assembled here is made of the constant conditions below.
 */
@Repository
class SessionStore {

	private static final String EVENT_COLUMNS = "e.event_id, e.recipient_account_id, e.event_time, e.event_name, "
			+ "e.event_source, e.aws_region, e.source_address, e.user_agent, e.error_code, e.shared_event_id, "
			+ "e.identity_type, e.principal, e.principal_arn, e.access_key_id, e.session_created, e.invoked_by, "
			+ "e.mfa_authenticated, e.source_identity, e.record::text as record";

	/**
	 * GetSessionToken credentials last up to 36 hours; console and role sessions at most
	 * 12.
	 */
	private static final Duration LONGEST_SESSION = Duration.ofHours(36).plusMinutes(5);

	/**
	 * The join of a call {@code e} to the sessions {@code s} it belongs to: the SQL form
	 * of {@link SessionRules#link}.
	 */
	private static final String CALL_OF_SESSION = """
			s.arn = e.principal_arn
			and e.session_created between s.created - :skew and s.created + :skew
			and e.event_time between s.created - :skew and s.expires + :skew
			and (s.issued_key is null or s.issued_key = e.access_key_id)""";

	/**
	 * A session and its ancestors with their depth (bounded, in case of a cycle in odd
	 * data).
	 */
	private static final String CHAIN = """
			with recursive up(id, parent_id, depth) as (
			  select id, parent_id, 0 from sessions where id = :id
			  union all
			  select s.id, s.parent_id, u.depth + 1 from sessions s join up u on s.id = u.parent_id
			  where u.depth < 32 and s.id <> :id)
			select s.* from up join sessions s on s.id = up.id""";

	private final JdbcClient jdbc;

	private final ObjectMapper mapper;

	private final Duration skew;

	private final QueryCompiler compiler;

	private final Ledger ledger;

	/** The reads of the session pages, bounded by the search's statement timeout. */
	private final JdbcClient reads;

	SessionStore(JdbcClient jdbc, SearchJdbc reads, ObjectMapper mapper, SessionProperties properties,
			QueryCompiler compiler, Ledger ledger) {
		this.jdbc = jdbc;
		this.reads = reads.client();
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

	/** Sessions of an identity created within a window: parent candidates. */
	List<SessionKey> sessionsOf(String arn, Instant from, Instant to) {
		return this.jdbc
			.sql("select id, arn, issued_key, created, expires from sessions"
					+ " where arn = :arn and created between :from and :to order by id")
			.param("arn", arn)
			.param("from", utc(from))
			.param("to", utc(to))
			.query(SessionStore::keyRow)
			.list();
	}

	/**
	 * Sessions that a session may have issued: signed with its identity near its
	 * creation, or switched from it.
	 */
	List<String> possibleChildren(SessionKey parent) {
		return this.jdbc.sql("""
				select id from sessions where signer_arn = :arn and signer_created between :createdFrom and :createdTo
				union
				select id from sessions where switch_from = :arn and created between :createdFrom and :to
				order by id
				""")
			.param("arn", parent.arn())
			.param("createdFrom", utc(parent.created().minus(this.skew)))
			.param("createdTo", utc(parent.created().plus(this.skew)))
			.param("to", utc(parent.expires().plus(this.skew)))
			.query(String.class)
			.list()
			.stream()
			.filter(id -> !id.equals(parent.id()))
			.toList();
	}

	Optional<Issuance> issuance(String id) {
		return this.jdbc.sql("select * from sessions where id = :id")
			.param("id", id)
			.query(this::issuanceRow)
			.optional();
	}

	void setParent(String id, String parentId, LinkMethod method) {
		this.jdbc.sql("update sessions set parent_id = :parent, parent_link = :link where id = :id")
			.param("parent", parentId)
			.param("link", method == null ? null : method.name())
			.param("id", id)
			.update();
	}

	/** The ids of these sessions and every session chained below them. */
	List<String> withDescendants(List<String> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		return this.jdbc.sql("""
				with recursive tree(id, depth) as (
				  select id, 0 from sessions where id = any(:ids)
				  union
				  select s.id, t.depth + 1 from sessions s join tree t on s.parent_id = t.id where t.depth < 32)
				select distinct id from tree order by id
				""").param("ids", ids.toArray(String[]::new)).query(String.class).list();
	}

	/**
	 * A session and its ancestors, top first (bounded, in case of a cycle in odd data).
	 */
	List<Issuance> chain(String id) {
		return this.jdbc.sql(CHAIN + " order by up.depth desc").param("id", id).query(this::issuanceRow).list();
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
			.query(SessionStore::keyRow)
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
			.query(this::sessionRow)
			.optional();
	}

	/**
	 * The ancestors of a session, top first, without the session itself; bounded in time,
	 * as every read of a page.
	 */
	List<Session> ancestors(String id) {
		return this.reads.sql(CHAIN + " where up.depth > 0 order by up.depth desc")
			.param("id", id)
			.query(this::sessionRow)
			.list();
	}

	/**
	 * The first sessions a session's credentials issued, oldest first: at most
	 * {@code limit}, since a service role can issue thousands; bounded in time.
	 */
	List<Session> children(String id, int limit) {
		return this.reads.sql("select * from sessions where parent_id = :id order by created, id limit :limit")
			.param("id", id)
			.param("limit", limit)
			.query(this::sessionRow)
			.list();
	}

	/**
	 * One page of the session list in the filter's order, keyset on (the order's value,
	 * id); bounded in time, as every read a user starts.
	 */
	List<Session> list(SessionFilter filter, Instant now, int limit) {
		StringBuilder sql = new StringBuilder("select * from sessions s where true");
		Map<String, Object> params = new HashMap<>();
		if (filter.role() != null) {
			sql.append(" and (s.role_arn ilike :role or s.arn ilike :role)");
			params.put("role", contains(filter.role()));
		}
		if (filter.principal() != null) {
			sql.append(" and (s.root_principal ilike :principal or s.signer_principal ilike :principal"
					+ " or s.signer_arn ilike :principal or s.session_name ilike :principal)");
			params.put("principal", contains(filter.principal()));
		}
		if (filter.account() != null) {
			sql.append(" and (:account = any(s.accounts) or :account = any(s.issuer_accounts))");
			params.put("account", filter.account());
		}
		if (filter.sourceIdentity() != null) {
			sql.append(" and s.chain_source_identity ilike :sourceIdentity");
			params.put("sourceIdentity", contains(filter.sourceIdentity()));
		}
		Instant from = filter.fromTime(now);
		if (from != null) {
			// no session outlives its creation by more than the longest credentials STS
			// issues, which
			// bounds the index range scanned
			sql.append(" and greatest(s.created, s.last_activity) >= :from and s.created >= :createdFrom");
			params.put("from", utc(from));
			params.put("createdFrom", utc(from.minus(LONGEST_SESSION)));
		}
		Instant to = filter.toTime(now);
		if (to != null) {
			sql.append(" and s.created <= :to");
			params.put("to", utc(to));
		}
		if (!filter.showEmpty()) {
			sql.append(" and s.call_count > 0");
		}
		String order = filter.order().expression();
		boolean ascending = filter.ascending();
		SessionFilter.Position cursor = filter.position();
		if (cursor != null) {
			sql.append(" and (").append(order).append(", s.id) ").append(ascending ? ">" : "<");
			sql.append(" (:cursorValue, :cursorId)");
			params.put("cursorValue", cursor.value());
			params.put("cursorId", cursor.id());
		}
		String direction = ascending ? " asc" : " desc";
		sql.append(" order by ").append(order).append(direction).append(", s.id").append(direction);
		sql.append(" limit :limit");
		params.put("limit", limit);
		return this.reads.sql(sql.toString()).params(params).query(this::sessionRow).list();
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

	private static SessionKey keyRow(ResultSet rs, int n) throws SQLException {
		return new SessionKey(rs.getString("id"), rs.getString("arn"), rs.getString("issued_key"),
				instant(rs, "created"), instant(rs, "expires"));
	}

	private IssuingEvent issuingEvent(ResultSet rs, int n) throws SQLException {
		return new IssuingEvent(rs.getString("event_id"), rs.getString("recipient_account_id"),
				instant(rs, "event_time"), rs.getString("event_name"), rs.getString("event_source"),
				rs.getString("aws_region"), rs.getString("source_address"), rs.getString("user_agent"),
				rs.getString("error_code"), rs.getString("shared_event_id"), rs.getString("identity_type"),
				rs.getString("principal"), rs.getString("principal_arn"), rs.getString("access_key_id"),
				instant(rs, "session_created"), rs.getString("invoked_by"), (Boolean) rs.getObject("mfa_authenticated"),
				rs.getString("source_identity"), this.mapper.readTree(rs.getString("record")));
	}

	private Issuance issuanceRow(ResultSet rs, int n) throws SQLException {
		return new Issuance(rs.getString("id"), rs.getString("issuer_event_name"), rs.getString("arn"),
				rs.getString("issued_key"), instant(rs, "created"), instant(rs, "expires"), rs.getString("role_arn"),
				rs.getString("session_name"), rs.getString("issuer_event_id"), instant(rs, "issuer_event_time"),
				rs.getString("issuer_account"), rs.getString("shared_event_id"), rs.getString("region"),
				rs.getString("source_address"), rs.getString("user_agent"), (Boolean) rs.getObject("mfa"),
				rs.getString("source_identity"), rs.getString("switch_from"),
				new Signer(rs.getString("signer_type"), rs.getString("signer_principal"), rs.getString("signer_arn"),
						rs.getString("signer_key"), instant(rs, "signer_created"), rs.getString("signer_invoked_by"),
						rs.getString("signer_provider")));
	}

	private Session sessionRow(ResultSet rs, int n) throws SQLException {
		return new Session(rs.getString("id"), rs.getString("issuer_event_name"), rs.getString("arn"),
				rs.getString("issued_key"), instant(rs, "created"), instant(rs, "expires"), rs.getString("role_arn"),
				rs.getString("session_name"), rs.getString("issuer_event_id"), instant(rs, "issuer_event_time"),
				rs.getString("issuer_account"), rs.getString("shared_event_id"),
				strings(rs.getArray("issuer_accounts")), rs.getString("region"), rs.getString("source_address"),
				rs.getString("user_agent"), (Boolean) rs.getObject("mfa"), rs.getString("source_identity"),
				rs.getString("switch_from"), rs.getString("signer_type"), rs.getString("signer_principal"),
				rs.getString("signer_arn"), rs.getString("signer_key"), instant(rs, "signer_created"),
				rs.getString("parent_id"), rs.getString("parent_link"), rs.getString("root_kind"),
				rs.getString("root_principal"), rs.getString("chain_source_identity"), rs.getLong("call_count"),
				rs.getLong("error_count"), instant(rs, "first_activity"), instant(rs, "last_activity"),
				strings(rs.getArray("regions")), strings(rs.getArray("accounts")));
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

	private static String contains(String value) {
		return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
	}

	static OffsetDateTime utc(Instant instant) {
		return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return value == null ? null : value.toInstant();
	}

	private static List<String> strings(Array array) throws SQLException {
		if (array == null) {
			return List.of();
		}
		return new ArrayList<>(Arrays.asList((String[]) array.getArray()));
	}

}

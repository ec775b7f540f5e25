package io.trailscope.sessions;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.trailscope.events.SearchJdbc;

import static io.trailscope.sessions.SessionRows.utc;

/**
 * The session list: pages of sessions matching a filter, in its order. Values are always
 * bound; the SQL text is made of constant conditions and the sort's own expression.
 */
@Repository
class SessionList {

	/**
	 * GetSessionToken credentials last up to 36 hours; console and role sessions at most
	 * 12.
	 */
	private static final Duration LONGEST_SESSION = Duration.ofHours(36).plusMinutes(5);

	/** Bounded by the search's statement timeout, as every read a user starts. */
	private final JdbcClient reads;

	SessionList(SearchJdbc reads) {
		this.reads = reads.client();
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
		return this.reads.sql(sql.toString()).params(params).query(SessionRows::session).list();
	}

	private static String contains(String value) {
		return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
	}

}

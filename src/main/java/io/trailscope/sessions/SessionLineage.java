package io.trailscope.sessions;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.trailscope.events.SearchJdbc;

import static io.trailscope.sessions.SessionRows.utc;

/**
 * How sessions chain: the parents a session may have, the children it may have issued,
 * everything chained below a session and the chain above it, for the derivation that
 * links them and for the pages that show a session among its kin. The pages' reads are
 * bounded in time; the derivation's run inside its transaction, as its writes do.
 */
@Repository
class SessionLineage {

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

	/** The reads of the session pages, bounded by the search's statement timeout. */
	private final JdbcClient reads;

	private final Duration skew;

	SessionLineage(JdbcClient jdbc, SearchJdbc reads, SessionProperties properties) {
		this.jdbc = jdbc;
		this.reads = reads.client();
		this.skew = properties.clockSkew();
	}

	/** Sessions of an identity created within a window: parent candidates. */
	List<SessionKey> sessionsOf(String arn, Instant from, Instant to) {
		return this.jdbc
			.sql("select id, arn, issued_key, created, expires from sessions"
					+ " where arn = :arn and created between :from and :to order by id")
			.param("arn", arn)
			.param("from", utc(from))
			.param("to", utc(to))
			.query(SessionRows::key)
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
		return this.jdbc.sql(CHAIN + " order by up.depth desc").param("id", id).query(SessionRows::issuance).list();
	}

	/**
	 * The ancestors of a session, top first, without the session itself; bounded in time,
	 * as every read of a page.
	 */
	List<Session> ancestors(String id) {
		return this.reads.sql(CHAIN + " where up.depth > 0 order by up.depth desc")
			.param("id", id)
			.query(SessionRows::session)
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
			.query(SessionRows::session)
			.list();
	}

}

package io.trailscope.sessions;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A row of the sessions table as the records read from it, and instants as the
 * {@code timestamptz} values bound to its statements: shared by the classes that read the
 * table, so that a column is mapped the same way everywhere.
 */
final class SessionRows {

	private SessionRows() {
	}

	static SessionKey key(ResultSet rs, int n) throws SQLException {
		return new SessionKey(rs.getString("id"), rs.getString("arn"), rs.getString("issued_key"),
				instant(rs, "created"), instant(rs, "expires"));
	}

	static Issuance issuance(ResultSet rs, int n) throws SQLException {
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

	static Session session(ResultSet rs, int n) throws SQLException {
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

	static OffsetDateTime utc(Instant instant) {
		return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
	}

	static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return value == null ? null : value.toInstant();
	}

	static List<String> strings(Array array) throws SQLException {
		if (array == null) {
			return List.of();
		}
		return new ArrayList<>(Arrays.asList((String[]) array.getArray()));
	}

}

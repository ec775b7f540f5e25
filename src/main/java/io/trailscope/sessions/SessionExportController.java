package io.trailscope.sessions;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import de.siegmar.fastcsv.writer.CsvWriter;
import io.trailscope.web.Downloads;
import io.trailscope.events.SearchJdbc;
import io.trailscope.web.ExportedRows;
import io.trailscope.web.SpreadsheetCells;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * {@code /sessions/{id}/export.csv} and {@code .jsonl}: every call of a session matching
 * the timeline's filter, streamed from a database cursor at constant memory. CSV cells
 * that a spreadsheet would run as a formula are neutralised, since user agents and
 * request values are chosen by whoever made the calls.
 */
@Controller
class SessionExportController {

	static final String[] CSV_HEADER = { "eventTime", "eventName", "eventSource", "awsRegion", "recipientAccountId",
			"sourceIPAddress", "userAgent", "errorCode", "errorMessage", "accessKeyId", "eventID", "link" };

	private final SessionStore store;

	private final SessionCalls calls;

	private final SessionRules rules;

	private final SearchJdbc jdbc;

	SessionExportController(SessionStore store, SessionCalls calls, SessionDerivation derivation, SearchJdbc jdbc) {
		this.store = store;
		this.calls = calls;
		this.rules = derivation.rules();
		this.jdbc = jdbc;
	}

	@GetMapping("/sessions/{id}/export.csv")
	ResponseEntity<StreamingResponseBody> csv(@PathVariable String id, CallFilter filter, HttpServletRequest request) {
		Session session = find(id);
		// a malformed query is a 400 page, not a download that breaks off
		this.calls.check(filter);
		ExportedRows rows = ExportedRows.of(request);
		StreamingResponseBody body = out -> {
			CsvWriter csv = CsvWriter.builder().build(new OutputStreamWriter(out, StandardCharsets.UTF_8));
			csv.writeRecord(CSV_HEADER);
			// a cursor needs a transaction: without one the driver reads the whole result
			// into memory
			this.jdbc.stream(() -> this.calls.eachCall(session, filter, this.rules, call -> {
				csv.writeRecord(safe(call.eventTime().toString()), safe(call.eventName()), safe(call.eventSource()),
						safe(call.awsRegion()), safe(call.recipientAccountId()), safe(call.sourceAddress()),
						safe(call.userAgent()), safe(call.errorCode()), safe(call.errorMessage()),
						safe(call.accessKeyId()), safe(call.eventId()), call.link() == null ? "" : call.link().name());
				rows.add();
			}));
			csv.flush();
			rows.complete();
		};
		return Downloads.csv("session-" + session.id(), body);
	}

	@GetMapping("/sessions/{id}/export.jsonl")
	ResponseEntity<StreamingResponseBody> jsonl(@PathVariable String id, CallFilter filter,
			HttpServletRequest request) {
		Session session = find(id);
		// a malformed query is a 400 page, not a download that breaks off
		this.calls.check(filter);
		ExportedRows rows = ExportedRows.of(request);
		StreamingResponseBody body = out -> {
			Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
			this.jdbc.stream(() -> this.calls.eachRecord(session, filter, record -> {
				try {
					writer.write(record);
					writer.write('\n');
					rows.add();
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}));
			writer.flush();
			rows.complete();
		};
		return Downloads.jsonLines("session-" + session.id(), body);
	}

	/**
	 * A cell a spreadsheet would evaluate is neutralised (see {@link SpreadsheetCells}).
	 */
	static String safe(String value) {
		return SpreadsheetCells.safe(value);
	}

	private Session find(String id) {
		return this.store.find(id).orElseThrow(() -> new SessionNotFoundException("No session " + id + "."));
	}

}

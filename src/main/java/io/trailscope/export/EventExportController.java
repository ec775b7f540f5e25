package io.trailscope.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import de.siegmar.fastcsv.writer.CsvWriter;
import io.trailscope.web.Downloads;
import io.trailscope.events.EventSearch;
import io.trailscope.events.Events;
import io.trailscope.web.ExportedRows;
import io.trailscope.web.SpreadsheetCells;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * {@code /events/export.csv} and {@code /events/export.jsonl}: every event matching
 * exactly the parameters of {@code /events} (not just the page shown), streamed from a
 * database cursor at constant memory. CSV (RFC 4180, UTF-8) has the search's columns plus
 * the event ID; its cells are neutralised against formula injection. JSON Lines has one
 * stored record per line.
 */
@Controller
class EventExportController {

	/** CSV headers of the named columns, in CloudTrail's words. */
	private final Events events;

	private final Clock clock;

	EventExportController(Events events, Clock clock) {
		this.events = events;
		this.clock = clock;
	}

	@GetMapping("/events/export.csv")
	ResponseEntity<StreamingResponseBody> csv(@RequestParam MultiValueMap<String, String> parameters,
			HttpServletRequest request) {
		EventSearch search = search(parameters);
		ExportedRows rows = ExportedRows.of(request);
		List<String> columns = search.columnIds();
		List<String> header = new ArrayList<>(search.columnHeaders());
		header.add("eventID");
		StreamingResponseBody body = out -> {
			Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
			CsvWriter csv = CsvWriter.builder().build(writer);
			csv.writeRecord(header);
			List<String> cells = new ArrayList<>(header.size());
			this.events.stream(search, row -> {
				cells.clear();
				for (String column : columns) {
					cells.add(SpreadsheetCells.safe(row.value(column)));
				}
				cells.add(SpreadsheetCells.safe(row.eventId()));
				csv.writeRecord(cells);
				rows.add();
			});
			csv.flush();
			rows.complete();
		};
		return Downloads.csv(Downloads.stamped("trailscope-events", this.clock.instant()), body);
	}

	@GetMapping("/events/export.jsonl")
	ResponseEntity<StreamingResponseBody> jsonl(@RequestParam MultiValueMap<String, String> parameters,
			HttpServletRequest request) {
		EventSearch search = search(parameters);
		ExportedRows rows = ExportedRows.of(request);
		StreamingResponseBody body = out -> {
			Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
			this.events.streamRecords(search, record -> {
				try {
					writer.write(record);
					writer.write('\n');
					rows.add();
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
			writer.flush();
			rows.complete();
		};
		return Downloads.jsonLines(Downloads.stamped("trailscope-events", this.clock.instant()), body);
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ResponseEntity<String> badRequest(IllegalArgumentException ex) {
		return ResponseEntity.status(HttpStatus.BAD_REQUEST)
			.contentType(new MediaType("text", "plain", StandardCharsets.UTF_8))
			.body(ex.getMessage() + "\n");
	}

	/**
	 * The search, checked before the response starts so a bad one is a 400 and not a
	 * broken download.
	 */
	private static EventSearch search(MultiValueMap<String, String> parameters) {
		EventSearch search = EventSearch.of(parameters, Instant.now());
		search.problem().ifPresent(message -> {
			throw new IllegalArgumentException(message);
		});
		return search;
	}

}

package io.trailscope.ingest.console;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.UriComponentsBuilder;

import io.trailscope.ingest.s3.Backfill;
import io.trailscope.ingest.s3.BackfillRun;

/**
 * {@code /ingest} (admins only): what the ingester is doing, every failed file with a
 * Retry, backfills of an S3 prefix and uploads from the browser. The live part of the
 * page is one fragment of the same template that htmx polls while something runs. Every
 * POST redirects to a bookmarkable GET ({@code /ingest?job=N},
 * {@code /ingest?backfill=N}); an htmx POST gets the redirect as {@code HX-Redirect}, and
 * a form error as the form again, in place.
 */
@Controller
class IngestPageController {

	private static final String PAGE = "ingest/index";

	private final IngestOverview overview;

	private final IngestPageReads reads;

	private final LoadJobs jobs;

	private final Backfill backfill;

	IngestPageController(IngestOverview overview, IngestPageReads reads, LoadJobs jobs, Backfill backfill) {
		this.overview = overview;
		this.reads = reads;
		this.jobs = jobs;
		this.backfill = backfill;
	}

	@GetMapping("/ingest")
	String page(@RequestParam(name = "job", required = false) Long job,
			@RequestParam(name = "backfill", required = false) Long backfillId, HtmxRequest htmx,
			HttpServletResponse response, Model model) {
		response.addHeader(HttpHeaders.VARY, "HX-Request");
		live(model, job, backfillId);
		if (htmx.isHtmxRequest() && !htmx.isHistoryRestoreRequest()) {
			return PAGE + " :: live";
		}
		return fullPage(model, BackfillForm.EMPTY, null, null);
	}

	@PostMapping("/ingest/objects/{id}/retry")
	String retry(@PathVariable long id, HtmxRequest htmx, HttpServletResponse response) {
		response.addHeader(HttpHeaders.VARY, "HX-Request");
		LedgerEntry entry = this.reads.findObject(id)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		LoadJob job = this.jobs.retry(entry);
		return redirect(htmx, "/ingest?job=" + job.id());
	}

	@PostMapping("/ingest/uploads")
	String upload(@RequestParam(name = "files", required = false) List<MultipartFile> files, HtmxRequest htmx,
			HttpServletResponse response, Model model) {
		response.addHeader(HttpHeaders.VARY, "HX-Request");
		List<MultipartFile> chosen = files == null ? List.of()
				: files.stream()
					.filter(f -> f.getOriginalFilename() != null && !f.getOriginalFilename().isBlank())
					.toList();
		String problem = null;
		if (chosen.isEmpty()) {
			problem = "Choose one or more files to upload.";
		}
		else {
			List<String> refused = chosen.stream()
				.map(MultipartFile::getOriginalFilename)
				.filter(name -> !LoadJobs.uploadable(name))
				.toList();
			if (!refused.isEmpty()) {
				problem = "Not a CloudTrail file: " + String.join(", ", refused)
						+ ". Upload .json.gz, .json, .jsonl files or .zip archives of them.";
			}
		}
		if (problem == null) {
			try {
				LoadJob job = this.jobs.upload(chosen);
				return redirect(htmx, "/ingest?job=" + job.id());
			}
			catch (UncheckedIOException ex) {
				problem = "The upload could not be saved on the server: " + ex.getCause().getMessage();
			}
		}
		if (htmx.isHtmxRequest()) {
			model.addAttribute("uploadError", problem);
			return PAGE + " :: upload-form";
		}
		response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
		live(model, null, null);
		return fullPage(model, BackfillForm.EMPTY, problem, null);
	}

	@PostMapping("/ingest/backfills")
	String startBackfill(@RequestParam(defaultValue = "") String s3Url, @RequestParam(defaultValue = "") String from,
			@RequestParam(defaultValue = "") String to, HtmxRequest htmx, HttpServletResponse response, Model model) {
		response.addHeader(HttpHeaders.VARY, "HX-Request");
		BackfillForm form = new BackfillForm(s3Url.strip(), from.strip(), to.strip());
		String problem;
		try {
			BackfillRun run = this.backfill.start(form.s3Url(), date("From", form.from()), date("To", form.to()));
			return redirect(htmx, "/ingest?backfill=" + run.id());
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			// bad input, or the same backfill already running
			problem = sentence(ex.getMessage());
		}
		if (htmx.isHtmxRequest()) {
			model.addAttribute("backfillForm", form);
			model.addAttribute("backfillError", problem);
			return PAGE + " :: backfill-form";
		}
		response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
		live(model, null, null);
		return fullPage(model, form, null, problem);
	}

	private void live(Model model, Long job, Long backfillId) {
		IngestOverview.Live live = this.overview.live();
		model.addAttribute("live", live);
		model.addAttribute("views", Views.INSTANCE);
		model.addAttribute("focusJobId", job);
		model.addAttribute("focusJob", job == null ? null : this.jobs.find(job).orElse(null));
		model.addAttribute("focusBackfillId", backfillId);
		model.addAttribute("focusBackfill", backfillId == null ? null : this.backfill.find(backfillId).orElse(null));
		model.addAttribute("liveUrl",
				UriComponentsBuilder.fromPath("/ingest")
					.queryParamIfPresent("job", Optional.ofNullable(job))
					.queryParamIfPresent("backfill", Optional.ofNullable(backfillId))
					.build()
					.toUriString());
	}

	private String fullPage(Model model, BackfillForm form, String uploadError, String backfillError) {
		IngestOverview.Totals totals = this.overview.totals();
		model.addAttribute("totals", totals);
		model.addAttribute("settings", this.overview.settings(totals));
		model.addAttribute("backfillForm", form);
		model.addAttribute("uploadError", uploadError);
		model.addAttribute("backfillError", backfillError);
		return PAGE;
	}

	private static String redirect(HtmxRequest htmx, String url) {
		// htmx would follow a 302 inside its XHR and swap the page into the form;
		// HX-Redirect navigates
		return (htmx.isHtmxRequest() ? "redirect:htmx:" : "redirect:") + url;
	}

	private static String sentence(String message) {
		if (message == null || message.isEmpty()) {
			return "The backfill could not be started.";
		}
		String text = Character.toUpperCase(message.charAt(0)) + message.substring(1);
		return text.endsWith(".") ? text : text + ".";
	}

	private static LocalDate date(String field, String value) {
		if (value.isEmpty()) {
			return null;
		}
		try {
			return LocalDate.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException(field + " date '" + value + "' is not a date (YYYY-MM-DD).");
		}
	}

	/** What the backfill form was sent with, to show again beside an error. */
	record BackfillForm(String s3Url, String from, String to) {

		static final BackfillForm EMPTY = new BackfillForm("", "", "");

	}

	/** Formatting for the page's templates. */
	static final class Views {

		static final Views INSTANCE = new Views();

		private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
			.withZone(ZoneOffset.UTC);

		private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

		public String time(Instant instant) {
			return instant == null ? "" : TIME.format(instant);
		}

		public String minute(Instant instant) {
			return instant == null ? "" : MINUTE.format(instant);
		}

		public String iso(Instant instant) {
			return instant == null ? "" : instant.truncatedTo(ChronoUnit.SECONDS).toString();
		}

		public String duration(Duration duration) {
			return IngestLag.human(duration);
		}

		/** How far a backfill has got, in per cent of what it has listed so far. */
		public long percent(long done, long total) {
			return total <= 0 ? 0 : Math.min(100, done * 100 / total);
		}

	}

}

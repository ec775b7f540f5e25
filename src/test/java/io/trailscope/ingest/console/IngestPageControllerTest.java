package io.trailscope.ingest.console;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

import io.trailscope.TrailscopeIntegrationTest;
import io.trailscope.ingest.CloudTrailFiles;
import io.trailscope.ingest.IngestService;
import io.trailscope.ingest.ObjectOpener.ObjectGoneException;
import io.trailscope.ingest.ObjectRef;
import io.trailscope.ingest.local.LocalImport;
import io.trailscope.ingest.s3.Backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@TrailscopeIntegrationTest
@WithMockUser(username = "admin", roles = "ADMIN")
class IngestPageControllerTest {

	@Autowired
	IngestService ingest;

	@Autowired
	LocalImport imports;

	@Autowired
	LoadJobs jobs;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	IngestOverview overview;

	@Autowired
	ITemplateEngine templates;

	@TempDir
	Path temp;

	@Autowired
	MockMvc mvc;

	String tag;

	@BeforeEach
	void setUp() {
		this.tag = UUID.randomUUID().toString().substring(0, 8);
	}

	@Test
	void showsThePageToAdmins() throws Exception {
		this.mvc.perform(get("/ingest"))
			.andExpect(status().isOk())
			.andExpect(header().string("Vary", containsString("HX-Request")))
			.andExpect(content().string(containsString("<html")))
			.andExpect(content().string(containsString("Upload CloudTrail files")))
			.andExpect(content().string(containsString("Backfill an S3 prefix")))
			.andExpect(content().string(containsString("off (trailscope.ingest.queue is not set)")))
			.andExpect(content().string(containsString("keep forever")))
			.andExpect(content().string(containsString("id=\"ingest-live\"")));
	}

	@Test
	@WithMockUser(username = "viewer", roles = "VIEWER")
	void forbidsViewers() throws Exception {
		this.mvc.perform(get("/ingest")).andExpect(status().isForbidden());
		this.mvc.perform(multipart("/ingest/uploads").file(gzFile("x.json.gz")).with(csrf()))
			.andExpect(status().isForbidden());
	}

	@Test
	void rendersTheLivePartAloneForHtmxAndThePageForHistoryRestore() throws Exception {
		this.mvc.perform(get("/ingest").header("HX-Request", "true"))
			.andExpect(status().isOk())
			.andExpect(header().string("Vary", containsString("HX-Request")))
			.andExpect(content().string(not(containsString("<html"))))
			.andExpect(content().string(not(containsString("Upload CloudTrail files"))))
			.andExpect(content().string(containsString("id=\"ingest-live\"")))
			.andExpect(content().string(containsString("Latest files")));
		this.mvc.perform(get("/ingest").header("HX-Request", "true").header("HX-History-Restore-Request", "true"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("<html")))
			.andExpect(content().string(containsString("Upload CloudTrail files")));
	}

	@Test
	void listsAFailedS3ObjectWithItsReasonAndARetryThatNeedsTheCsrfToken() throws Exception {
		String key = "AWSLogs/111111111111/CloudTrail/us-east-1/2026/01/01/gone-" + this.tag + ".json.gz";
		failS3(key);
		long id = ledgerId("trail-bucket", key);

		this.mvc.perform(get("/ingest"))
			.andExpect(content().string(containsString("s3://trail-bucket/" + key)))
			.andExpect(content().string(containsString("object not found: s3://trail-bucket/" + key)))
			.andExpect(content().string(containsString("action=\"/ingest/objects/" + id + "/retry\"")));
		// the retry itself, against an S3 server: IngestPageAwsTest
		this.mvc.perform(post("/ingest/objects/{id}/retry", id)).andExpect(status().isForbidden());
		this.mvc.perform(post("/ingest/objects/{id}/retry", Long.MAX_VALUE).with(csrf()))
			.andExpect(status().isNotFound());
	}

	@Test
	void retriesALocalFileOnceItIsFixed() throws Exception {
		Path file = this.temp.resolve("case-" + this.tag + ".json");
		Files.writeString(file, "{\"Records\": [ this is not json");
		this.imports.importPaths(List.of(file), LocalImport.ImportListener.NONE);
		String key = file.toAbsolutePath().normalize().toString();
		long failed = ledgerId("", key);
		this.mvc.perform(get("/ingest"))
			.andExpect(content().string(containsString(key)))
			.andExpect(content().string(containsString("action=\"/ingest/objects/" + failed + "/retry\"")));

		String id = "fixed-" + this.tag;
		Files.writeString(file, CloudTrailFiles.trail(now(), id));
		long job = jobOf(this.mvc.perform(post("/ingest/objects/{id}/retry", failed).with(csrf()))
			.andExpect(status().isFound())
			.andReturn()
			.getResponse()
			.getRedirectedUrl());

		assertThat(awaitJob(job).state()).isEqualTo(LoadJob.State.DONE);
		assertThat(this.jdbc.sql("select status from ingest_objects where object_key = ? order by id desc limit 1")
			.param(key)
			.query(String.class)
			.single()).isEqualTo("LOADED");
		assertThat(eventCount(id)).isEqualTo(1);
		this.mvc.perform(get("/ingest"))
			.andExpect(content().string(not(containsString("action=\"/ingest/objects/" + failed + "/retry\""))));
	}

	@Test
	void pollsEveryTwoSecondsWhileSomethingRuns() {
		LoadJob running = new LoadJob(-1, LoadJob.Kind.UPLOAD, "upload of case.zip");
		running.start(10);
		IngestOverview.Live live = this.overview.live();
		Context context = new Context();
		// no failed files: their Retry forms need a web request to resolve links
		context.setVariable("live", new IngestOverview.Live(List.of(running.progress()), List.of(), live.activity(),
				live.lag(), List.of(), List.of(), 0, true, false));
		context.setVariable("views", IngestPageController.Views.INSTANCE);
		context.setVariable("liveUrl", "/ingest?job=-1");
		context.setVariable("focusJobId", -1L);

		String fragment = this.templates.process("ingest/index", Set.of("live"), context);

		assertThat(fragment).contains("hx-get=\"/ingest?job=-1\"", "hx-trigger=\"every 2s\"", "0 of 10 files",
				"RUNNING");
	}

	@Test
	void saysWhyAFileThatIsGoneCannotBeRetried() throws Exception {
		Path file = this.temp.resolve("gone-" + this.tag + ".json");
		Files.writeString(file, "not json at all");
		this.imports.importPaths(List.of(file), LocalImport.ImportListener.NONE);
		Files.delete(file);

		this.mvc.perform(get("/ingest"))
			.andExpect(content().string(containsString("Cannot be retried: the file "
					+ file.toAbsolutePath().normalize() + " is no longer on this server")));
	}

	@Test
	void uploadsAGzippedTrailFile() throws Exception {
		String id = "upload-" + this.tag;
		MockMultipartFile file = new MockMultipartFile("files", "trail-" + this.tag + ".json.gz", "application/gzip",
				CloudTrailFiles.gzip(CloudTrailFiles.trail(now(), id, id + "-2")));

		long job = jobOf(this.mvc.perform(multipart("/ingest/uploads").file(file).with(csrf()))
			.andExpect(status().isFound())
			.andReturn()
			.getResponse()
			.getRedirectedUrl());

		LoadJob.Progress done = awaitJob(job);
		assertThat(done.state()).isEqualTo(LoadJob.State.DONE);
		assertThat(done.filesDone()).isEqualTo(1);
		assertThat(done.loaded()).isEqualTo(2);
		assertThat(eventCount(id)).isEqualTo(1);
		assertThat(this.jdbc.sql("select status from ingest_objects where source = 'upload' and object_key = ?")
			.param("trail-" + this.tag + ".json.gz")
			.query(String.class)
			.single()).isEqualTo("LOADED");
		this.mvc.perform(get("/ingest").param("job", Long.toString(job)))
			.andExpect(content().string(containsString("upload of trail-" + this.tag + ".json.gz")))
			.andExpect(content().string(containsString("2 new events")));
	}

	@Test
	void uploadsAZipAndReportsTheBadFileBesideTheGoodOnes() throws Exception {
		String id = "zip-" + this.tag;
		Map<String, byte[]> entries = CloudTrailFiles.entries();
		entries.put("logs/good-1.json.gz", CloudTrailFiles.gzip(CloudTrailFiles.trail(now(), id + "-1")));
		entries.put("logs/bad.json", "<html>this is not JSON</html>".getBytes(StandardCharsets.UTF_8));
		entries.put("logs/good-2.json", CloudTrailFiles.trail(now(), id + "-2").getBytes(StandardCharsets.UTF_8));
		String name = "case-" + this.tag + ".zip";
		MockMultipartFile zip = new MockMultipartFile("files", name, "application/zip", CloudTrailFiles.zip(entries));

		long job = jobOf(this.mvc.perform(multipart("/ingest/uploads").file(zip).with(csrf()))
			.andExpect(status().isFound())
			.andReturn()
			.getResponse()
			.getRedirectedUrl());

		LoadJob.Progress done = awaitJob(job);
		assertThat(done.filesTotal()).isEqualTo(3);
		assertThat(done.filesDone()).isEqualTo(3);
		assertThat(done.loaded()).isEqualTo(2);
		assertThat(done.failures()).singleElement().satisfies(failure -> {
			assertThat(failure.name()).isEqualTo(name + "!/logs/bad.json");
			assertThat(failure.reason()).isNotBlank();
		});
		assertThat(eventCount(id + "-1")).isEqualTo(1);
		assertThat(eventCount(id + "-2")).isEqualTo(1);
		assertThat(this.jdbc
			.sql("select object_key || ' ' || status from ingest_objects where source = 'upload'"
					+ " and object_key like ? order by object_key")
			.param(name + "!/%")
			.query(String.class)
			.list()).containsExactly(name + "!/logs/bad.json FAILED", name + "!/logs/good-1.json.gz LOADED",
					name + "!/logs/good-2.json LOADED");
		String reason = done.failures().get(0).reason();
		this.mvc.perform(get("/ingest").param("job", Long.toString(job)))
			.andExpect(content().string(containsString(name + "!/logs/bad.json")))
			.andExpect(content().string(containsString(htmlEscaped(reason))))
			.andExpect(content().string(containsString("Cannot be retried: uploaded files are not kept")));
	}

	@Test
	void refusesFilesThatAreNotCloudTrail() throws Exception {
		MockMultipartFile notes = new MockMultipartFile("files", "notes.txt", "text/plain", "hello".getBytes());
		this.mvc.perform(multipart("/ingest/uploads").file(notes).with(csrf()))
			.andExpect(status().isUnprocessableContent())
			.andExpect(content().string(containsString("<html")))
			.andExpect(content().string(containsString("Not a CloudTrail file: notes.txt")));
		this.mvc.perform(multipart("/ingest/uploads").file(notes).with(csrf()).header("HX-Request", "true"))
			.andExpect(status().isOk())
			.andExpect(content().string(not(containsString("<html"))))
			.andExpect(content().string(containsString("id=\"upload-form\"")))
			.andExpect(content().string(containsString("Not a CloudTrail file: notes.txt")));
	}

	@Test
	void answersAnHtmxUploadWithARedirectHeader() throws Exception {
		String redirect = this.mvc
			.perform(multipart("/ingest/uploads").file(gzFile("htmx-" + this.tag + ".json.gz"))
				.with(csrf())
				.header("HX-Request", "true"))
			.andExpect(status().isOk())
			.andExpect(header().string("HX-Redirect", containsString("/ingest?job=")))
			.andReturn()
			.getResponse()
			.getHeader("HX-Redirect");
		assertThat(awaitJob(jobOf(redirect)).state()).isEqualTo(LoadJob.State.DONE);
	}

	@Test
	void pollsOnlyWhileSomethingRuns() throws Exception {
		assertThat(this.jobs.anyRunning()).isFalse();
		this.mvc.perform(get("/ingest").header("HX-Request", "true"))
			.andExpect(content().string(not(containsString("hx-trigger"))))
			.andExpect(content().string(not(containsString("hx-get"))));

		IngestOverview.Live running = new IngestOverview.Live(List.of(), List.of(), null, null, List.of(), List.of(), 0,
				true, false);
		IngestOverview.Live listening = new IngestOverview.Live(List.of(), List.of(), null, null, List.of(), List.of(),
				0, false, true);
		assertThat(running.pollTrigger()).isEqualTo("every 2s");
		assertThat(listening.pollTrigger()).isEqualTo("every 10s");
	}

	@Test
	void showsABackfillFormErrorInline() throws Exception {
		this.mvc
			.perform(post("/ingest/backfills").param("s3Url", "s3://bucket/AWSLogs/")
				.param("from", "2025-13-40")
				.with(csrf()))
			.andExpect(status().isUnprocessableContent())
			.andExpect(content().string(containsString("From date &#39;2025-13-40&#39; is not a date (YYYY-MM-DD).")))
			.andExpect(content().string(containsString("value=\"s3://bucket/AWSLogs/\"")));
		this.mvc
			.perform(post("/ingest/backfills").param("s3Url", "s3://bucket/AWSLogs/")
				.param("to", "yesterday")
				.with(csrf())
				.header("HX-Request", "true"))
			.andExpect(status().isOk())
			.andExpect(content().string(not(containsString("<html"))))
			.andExpect(content().string(containsString("id=\"backfill-form\"")))
			.andExpect(content().string(containsString("To date &#39;yesterday&#39; is not a date")));
		this.mvc.perform(post("/ingest/backfills").param("s3Url", "https://bucket.example/<b>AWSLogs</b>").with(csrf()))
			.andExpect(status().isUnprocessableContent())
			.andExpect(content().string(containsString("Not an S3 URL")))
			.andExpect(content().string(containsString("&lt;b&gt;AWSLogs&lt;/b&gt;")))
			.andExpect(content().string(not(containsString("<b>AWSLogs</b>"))));
	}

	@Test
	void rendersRecordFieldsInert() throws Exception {
		String key = "AWSLogs/111111111111/CloudTrail/<script>alert(1)</script>-" + this.tag + ".json";
		ObjectRef ref = ObjectRef.s3("trail-bucket", key, "etag-" + this.tag, 20, Instant.now());
		this.ingest.ingest(ref, () -> new ByteArrayInputStream(
				"{\"Records\":[{\"eventID\":\"<script>x</script>\"".getBytes(StandardCharsets.UTF_8)));

		String page = this.mvc.perform(get("/ingest")).andReturn().getResponse().getContentAsString();
		assertThat(page).contains("CloudTrail/&lt;script&gt;alert(1)&lt;/script&gt;-" + this.tag)
			.doesNotContain("<script>alert(1)</script>");
	}

	private void failS3(String key) {
		ObjectRef ref = ObjectRef.s3("trail-bucket", key, "etag-" + this.tag, 100, Instant.now());
		this.ingest.ingest(ref, () -> {
			throw new ObjectGoneException(ref.displayName(), null);
		});
	}

	private long ledgerId(String bucket, String key) {
		return this.jdbc
			.sql("select id from ingest_objects where bucket = ? and object_key = ? order by id desc limit 1")
			.params(bucket, key)
			.query(Long.class)
			.single();
	}

	private long eventCount(String id) {
		return this.jdbc.sql("select count(*) from events where event_id = ?").param(id).query(Long.class).single();
	}

	private LoadJob.Progress awaitJob(long id) {
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jobs.find(id).map(progress -> !progress.running()).orElse(false));
		return this.jobs.find(id).orElseThrow();
	}

	private MockMultipartFile gzFile(String name) {
		return new MockMultipartFile("files", name, "application/gzip",
				CloudTrailFiles.gzip(CloudTrailFiles.trail(now(), "gz-" + UUID.randomUUID())));
	}

	private static long jobOf(String redirect) {
		assertThat(redirect).startsWith("/ingest?job=");
		return Long.parseLong(redirect.substring("/ingest?job=".length()));
	}

	private static String now() {
		return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
	}

	private static String htmlEscaped(String text) {
		return text.replace("&", "&amp;")
			.replace("<", "&lt;")
			.replace(">", "&gt;")
			.replace("\"", "&quot;")
			.replace("'", "&#39;");
	}

}

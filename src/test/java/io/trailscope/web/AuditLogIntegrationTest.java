package io.trailscope.web;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.trailscope.TrailscopeIntegrationTest;
import io.trailscope.events.TestTrail;
import io.trailscope.ingest.IngestService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Requests that try to pass the audit log unseen, or to write lines of their own into it.
 */
@TrailscopeIntegrationTest
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditLogIntegrationTest {

	@Autowired
	MockMvc mvc;

	@Autowired
	IngestService ingest;

	final TestTrail trail = new TestTrail();

	@BeforeAll
	void load() {
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		for (int i = 0; i < 3; i++) {
			this.trail.add("DeleteTrail", now.minusSeconds(60 + i));
		}
		this.trail.load(this.ingest);
	}

	@Test
	void recordsAnExportReachedThroughAnEncodedPathWithTheRowsSent(CapturedOutput output) throws Exception {
		MvcResult started = this.mvc
			.perform(get(URI.create("/%65vents/export.csv?account=" + this.trail.account + "&range=24h"))
				.with(httpBasic("viewer", "viewer-password")))
			.andExpect(request().asyncStarted())
			.andReturn();
		this.mvc.perform(asyncDispatch(started)).andExpect(status().isOk());
		assertThat(auditLines(output)).anySatisfy((line) -> assertThat(line)
			.contains("read user=viewer GET /events/export.csv raw=/%65vents/export.csv account=" + this.trail.account
					+ " range=24h status=200 rows=3 outcome=complete from=127.0.0.1"));
	}

	@Test
	void recordsSessionExportsToo(CapturedOutput output) throws Exception {
		this.mvc.perform(get(URI.create("/%73essions/no-such-session/export.jsonl"))
			.with(httpBasic("viewer", "viewer-password")));
		assertThat(auditLines(output)).anySatisfy(
				(line) -> assertThat(line).contains("read user=viewer GET /sessions/no-such-session/export.jsonl"));
	}

	@Test
	void escapesLineBreaksSoNoParameterCanForgeALine(CapturedOutput output) throws Exception {
		this.mvc
			.perform(get("/events").param("q", "x\r\nread user=admin GET /forged\u2028status=200")
				.with(httpBasic("viewer", "viewer-password")))
			.andExpect(status().isOk());
		assertThat(auditLines(output)).noneSatisfy((line) -> assertThat(line).startsWith("read user=admin"));
		assertThat(output.toString()).contains("q=\"x\\r\\nread user=admin GET /forged\\u2028status=200\"")
			.doesNotContain("\nread user=admin");
	}

	@Test
	void capsLongValues(CapturedOutput output) throws Exception {
		this.mvc.perform(get("/events").param("q", "a".repeat(10_000)).with(httpBasic("viewer", "viewer-password")));
		assertThat(auditLines(output)).anySatisfy(
				(line) -> assertThat(line).contains("q=\"" + "a".repeat(AuditLine.MAX_VALUE) + "...(10000 chars)\"")
					.hasSizeLessThan(2_000));
	}

	@Test
	void recordsSignInsFailuresAndSignOuts(CapturedOutput output) throws Exception {
		this.mvc.perform(formLogin("/login").user("viewer").password("hunter2\r\nsecret"));
		MockHttpSession session = (MockHttpSession) this.mvc
			.perform(formLogin("/login").user("viewer").password("viewer-password"))
			.andReturn()
			.getRequest()
			.getSession();
		this.mvc.perform(post("/logout").session(session).with(csrf()));
		this.mvc.perform(get("/events").with(httpBasic("nobody\nsign-in user=admin", "guess")));
		assertThat(auditLines(output)).anySatisfy((line) -> assertThat(line).startsWith(
				"sign-in-failed user=viewer POST /login username=viewer via=form reason=bad-credentials status=302"))
			.anySatisfy((line) -> assertThat(line).startsWith("sign-in user=viewer POST /login"))
			.anySatisfy((line) -> assertThat(line).startsWith("sign-out user=viewer POST /logout"))
			.anySatisfy((line) -> assertThat(line).startsWith(
					"sign-in-failed user=\"nobody\\nsign-in user=admin\" GET /events via=basic reason=bad-credentials status=401"))
			.noneSatisfy((line) -> assertThat(line).startsWith("sign-in user=admin"));
		assertThat(output.toString()).doesNotContain("hunter2");
	}

	@Test
	@WithMockUser(username = "forger", roles = "VIEWER")
	void recordsRequestsRefusedForAMissingCsrfToken(CapturedOutput output) throws Exception {
		this.mvc.perform(post("/investigations/saved").param("name", "no token").param("query", "q=x"))
			.andExpect(status().isForbidden());
		assertThat(auditLines(output)).anySatisfy((line) -> assertThat(line).startsWith(
				"denied user=forger POST /investigations/saved name=\"no token\" query=\"q=x\" denied=csrf status=403"));
	}

	@Test
	void recordsRequestsRefusedForWantOfASignIn(CapturedOutput output) throws Exception {
		this.mvc.perform(get("/sessions")).andExpect(status().isUnauthorized());
		assertThat(auditLines(output)).anySatisfy(
				(line) -> assertThat(line).startsWith("denied user=- GET /sessions denied=unauthenticated status=401"));
	}

	@Test
	@WithMockUser(username = "keeper", roles = "VIEWER")
	void recordsWhatASavedSearchHolds(CapturedOutput output) throws Exception {
		this.mvc
			.perform(post("/investigations/saved").param("name", "deleted trails")
				.param("query", "q=eventName:DeleteTrail&range=30d")
				.with(csrf()))
			.andExpect(status().is3xxRedirection());
		assertThat(auditLines(output)).anySatisfy((line) -> assertThat(line).startsWith(
				"change user=keeper POST /investigations/saved name=\"deleted trails\" query=\"q=eventName:DeleteTrail&range=30d\" status=302"));
	}

	@Test
	@WithMockUser(username = "loader", roles = "ADMIN")
	void recordsUploadedFileNamesAndBackfillPrefixes(CapturedOutput output) throws Exception {
		this.mvc
			.perform(multipart("/ingest/uploads")
				.file(new MockMultipartFile("files", "notes\r\n.txt", "text/plain", new byte[] { 1 }))
				.with(csrf()))
			.andExpect(status().is(422));
		this.mvc
			.perform(post("/ingest/backfills").param("s3Url", "s3://trail-bucket/AWSLogs/")
				.param("from", "not a date")
				.with(csrf()))
			.andExpect(status().is(422));
		assertThat(auditLines(output))
			.anySatisfy((line) -> assertThat(line)
				.startsWith("change user=loader POST /ingest/uploads file=\"notes\\r\\n.txt\" status=422"))
			.anySatisfy((line) -> assertThat(line).startsWith(
					"change user=loader POST /ingest/backfills s3Url=s3://trail-bucket/AWSLogs/ from=\"not a date\" status=422"));
	}

	/**
	 * The messages of the audit category, one per line as a log reader would see them.
	 */
	static List<String> auditLines(CapturedOutput output) {
		return output.toString()
			.lines()
			.filter((line) -> line.contains("trailscope.audit"))
			.map((line) -> line.substring(line.indexOf(" : ") + 3))
			.toList();
	}

}

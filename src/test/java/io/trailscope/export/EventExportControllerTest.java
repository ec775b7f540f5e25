package io.trailscope.export;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.trailscope.TrailscopeIntegrationTest;
import io.trailscope.events.TestTrail;
import io.trailscope.ingest.IngestService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@TrailscopeIntegrationTest
@WithMockUser(roles = "VIEWER")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventExportControllerTest {

	static final List<String> FORMULAS = List.of("=HYPERLINK(\"http://203.0.113.1\")", "+1+1", "-2+3", "@SUM(A1)",
			"\tcmd", "\rcmd");

	@Autowired
	IngestService ingest;

	@Autowired
	MockMvc mvc;

	final TestTrail small = new TestTrail();

	final TestTrail large = new TestTrail();

	final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

	TestTrail.Rec quoted;

	@BeforeAll
	void load() {
		this.quoted = this.small.add("PutObject", this.now.minus(Duration.ofMinutes(1)))
			.set("userAgent", "He said \"hi\", then\nleft")
			.set("requestParameters.bucketName", "Zoë-✓-桶");
		for (int i = 0; i < FORMULAS.size(); i++) {
			this.small.add("GetObject", this.now.minus(Duration.ofMinutes(2 + i)))
				.set("userAgent", FORMULAS.get(i))
				.set("requestParameters.bucketName", FORMULAS.get(i));
		}
		this.small.load(this.ingest);
		for (int i = 0; i < 20_000; i++) {
			this.large.add(i % 3 == 0 ? "GetObject" : "ListBuckets", this.now.minus(Duration.ofSeconds(i * 3L)))
				.set("requestParameters.bucketName", "bucket-" + i);
		}
		this.large.load(this.ingest);
	}

	@Test
	void writesRfc4180CsvInUtf8WithTheSelectedColumns() throws Exception {
		MockHttpServletResponse response = export("/events/export.csv?account=" + this.small.account
				+ "&name=PutObject&col=time&col=event&col=agent&col=requestParameters.bucketName");
		assertThat(response.getContentType()).isEqualTo("text/csv;charset=UTF-8");
		assertThat(response.getHeader("Content-Disposition"))
			.matches("attachment; filename=\"trailscope-events-\\d{8}T\\d{6}Z\\.csv\"");
		String csv = new String(response.getContentAsByteArray(), StandardCharsets.UTF_8);
		assertThat(csv)
			.isEqualTo("eventTime,eventName,userAgent,requestParameters.bucketName,eventID\r\n" + this.quoted.time
					+ ",PutObject,\"He said \"\"hi\"\", then\nleft\",Zoë-✓-桶," + this.quoted.id + "\r\n");
	}

	@Test
	void neutralisesSpreadsheetFormulas() throws Exception {
		String csv = export("/events/export.csv?account=" + this.small.account
				+ "&name=GetObject&col=agent&col=requestParameters.bucketName")
			.getContentAsString(StandardCharsets.UTF_8);
		for (String formula : FORMULAS) {
			String safe = "'" + formula;
			boolean quoted = formula.indexOf('"') >= 0 || formula.indexOf('\r') >= 0;
			String cell = quoted ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
			assertThat(csv).contains("\r\n" + cell + "," + cell + ",");
		}
		assertThat(csv.split("\r\n")).hasSize(FORMULAS.size() + 1);
	}

	@Test
	void streamsEveryMatchingRowNotJustAPage() throws Exception {
		String csv = export("/events/export.csv?account=" + this.large.account + "&range=7d")
			.getContentAsString(StandardCharsets.UTF_8);
		String[] lines = csv.split("\r\n");
		assertThat(lines).hasSize(20_001);
		assertThat(lines[0]).isEqualTo("eventTime,principal,eventName,eventSource,awsRegion,recipientAccountId,"
				+ "sourceIPAddress,errorCode,eventID");
		assertThat(Arrays.stream(lines).skip(1).map(line -> line.substring(0, line.indexOf(','))).toList())
			.as("newest first")
			.isSortedAccordingTo((a, b) -> Instant.parse(b).compareTo(Instant.parse(a)));
		String filtered = export(
				"/events/export.csv?account=" + this.large.account + "&range=7d&name=GetObject&sort=oldest")
			.getContentAsString(StandardCharsets.UTF_8);
		assertThat(filtered.split("\r\n")).hasSize(6_667 + 1);
	}

	@Test
	void writesTheRecordsAsJsonLines() throws Exception {
		MockHttpServletResponse response = export("/events/export.jsonl?account=" + this.small.account);
		assertThat(response.getContentType()).isEqualTo("application/jsonl;charset=UTF-8");
		assertThat(response.getHeader("Content-Disposition")).contains("trailscope-events-").contains(".jsonl");
		String body = response.getContentAsString(StandardCharsets.UTF_8);
		assertThat(body).endsWith("\n");
		JsonMapper json = JsonMapper.builder().build();
		List<JsonNode> records = body.lines().map(json::readTree).toList();
		assertThat(records).hasSize(FORMULAS.size() + 1);
		assertThat(records).allSatisfy(
				record -> assertThat(record.path("recipientAccountId").asString()).isEqualTo(this.small.account));
		Set<String> agents = records.stream().map(r -> r.path("userAgent").asString()).collect(Collectors.toSet());
		assertThat(agents).contains("He said \"hi\", then\nleft").containsAll(FORMULAS);
	}

	@Test
	void refusesAMalformedSearchBeforeStreaming() throws Exception {
		this.mvc.perform(get("/events/export.csv?q=eventName:("))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("position")));
		this.mvc.perform(get("/events/export.jsonl?from=whenever")).andExpect(status().isBadRequest());
	}

	private MockHttpServletResponse export(String url) throws Exception {
		MvcResult started = this.mvc.perform(get(url)).andExpect(request().asyncStarted()).andReturn();
		return this.mvc.perform(asyncDispatch(started)).andExpect(status().isOk()).andReturn().getResponse();
	}

}

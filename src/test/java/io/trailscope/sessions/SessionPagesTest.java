package io.trailscope.sessions;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.trailscope.TrailscopeIntegrationTest;
import io.trailscope.ingest.local.LocalImport;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@TrailscopeIntegrationTest
@WithMockUser(roles = "VIEWER")
class SessionPagesTest {

	@Autowired
	MockMvc mvc;

	@Autowired
	LocalImport imports;

	@Autowired
	SessionStore store;

	@Autowired
	SessionList list;

	@Autowired
	SessionLineage lineage;

	@Autowired
	SessionCalls calls;

	@Autowired
	SessionDerivation derivation;

	Scenario scenario;

	Session admin;

	@BeforeEach
	void load() {
		this.scenario = new Scenario(this.imports, this.store, this.list, this.calls, this.derivation.rules());
		this.scenario.loadIssuers();
		this.scenario.loadUsage();
		this.admin = this.scenario.admin();
	}

	@Test
	void rendersTheTimelineAsAFullPage() throws Exception {
		this.mvc.perform(get("/sessions/" + this.admin.id()))
			.andExpect(status().isOk())
			.andExpect(header().string("Vary", containsString("HX-Request")))
			.andExpect(content().string(containsString("<html")))
			.andExpect(content().string(containsString("TerminateInstances")))
			.andExpect(content().string(containsString("Chained sessions")))
			.andExpect(content().string(containsString("Deploy-" + this.scenario.tag)))
			.andExpect(content().string(containsString("arn:aws:iam::" + this.scenario.callerAccount + ":user/alice")));
	}

	@Test
	void rendersOnlyTheCallsForHtmx() throws Exception {
		this.mvc.perform(get("/sessions/" + this.admin.id()).param("error", "any").header("HX-Request", "true"))
			.andExpect(status().isOk())
			.andExpect(content().string(not(containsString("<html"))))
			.andExpect(content().string(not(containsString("DescribeVpcs"))))
			.andExpect(content().string(containsString("TerminateInstances")))
			.andExpect(content().string(containsString("id=\"session-calls\"")));
	}

	@Test
	void filtersCallsWithTheEventsQueryLanguage() throws Exception {
		this.mvc
			.perform(get("/sessions/" + this.admin.id()).param("q", "eventName:Terminate* -errorCode:*")
				.header("HX-Request", "true"))
			.andExpect(status().isOk())
			.andExpect(content().string(not(containsString("DescribeVpcs"))))
			// the only TerminateInstances call was denied: -errorCode:* leaves none
			.andExpect(content().string(containsString("No calls match.")))
			.andExpect(content().string(not(containsString("query-error"))));
		this.mvc
			.perform(get("/sessions/" + this.admin.id()).param("q", "errorCode:* OR eventName:DescribeVpcs")
				.header("HX-Request", "true"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("TerminateInstances")))
			.andExpect(content().string(containsString("DescribeVpcs")));
	}

	@Test
	void saysWhatIsWrongWithAMalformedQueryAndKeepsThePage() throws Exception {
		this.mvc.perform(get("/sessions/" + this.admin.id()).param("q", "eventName:(TerminateInstances"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("<html")))
			.andExpect(content().string(containsString("query-error")))
			.andExpect(content().string(containsString("eventName:(TerminateInstances\n")))
			.andExpect(content().string(not(containsString("No calls match."))));
		this.mvc.perform(get("/sessions/" + this.admin.id() + "/export.csv").param("q", "eventName:"))
			.andExpect(status().isBadRequest());
		// an unknown field is found when the query is compiled, still before the download
		// starts
		this.mvc.perform(get("/sessions/" + this.admin.id() + "/export.jsonl").param("q", "nosuchfield:x"))
			.andExpect(status().isBadRequest());
	}

	@Test
	void loadsMoreCallsAsRowsOnly() throws Exception {
		String cursor = this.calls.page(this.admin, CallFilter.NONE, this.derivation.rules(), 1).get(0).cursor();

		this.mvc.perform(get("/sessions/" + this.admin.id()).param("cursor", cursor).header("HX-Request", "true"))
			.andExpect(status().isOk())
			.andExpect(content().string(not(containsString("<table"))))
			.andExpect(content().string(not(containsString("DescribeInstances"))))
			.andExpect(content().string(containsString("<tr")))
			.andExpect(content().string(containsString("TerminateInstances")));
	}

	@Test
	void showsTheChainAboveAChildSession() throws Exception {
		Session deploy = this.lineage.children(this.admin.id(), 10).get(0);

		this.mvc.perform(get("/sessions/" + deploy.id()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("href=\"/sessions/" + this.admin.id() + "\"")))
			.andExpect(content().string(containsString("alice@example.com")));
	}

	@Test
	void listsSessionsAsPageOrFragment() throws Exception {
		this.mvc.perform(get("/sessions").param("role", "Admin-" + this.scenario.tag))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("<html")))
			.andExpect(content().string(containsString("/sessions/" + this.admin.id())));
		this.mvc.perform(get("/sessions").param("role", "Admin-" + this.scenario.tag).header("HX-Request", "true"))
			.andExpect(status().isOk())
			.andExpect(content().string(not(containsString("<html"))))
			.andExpect(content().string(containsString("id=\"session-results\"")))
			.andExpect(content().string(containsString("/sessions/" + this.admin.id())))
			.andExpect(content().string(not(containsString("Deploy-" + this.scenario.tag))));
	}

	@Test
	void redirectsFromAnEventToItsSession() throws Exception {
		this.mvc.perform(get("/events/" + this.scenario.tag + "-issue-1/session"))
			.andExpect(status().is3xxRedirection())
			.andExpect(redirectedUrl("/sessions/" + this.admin.id()));
		this.mvc.perform(get("/events/" + this.scenario.tag + "-call-a3/session"))
			.andExpect(redirectedUrl("/sessions/" + this.admin.id()));
		this.mvc.perform(get("/events/" + this.scenario.tag + "-unknown/session"))
			.andExpect(status().isNotFound())
			.andExpect(content().string(containsString("neither issued credentials")));
	}

	@Test
	void answersAnUnknownSessionWithNotFound() throws Exception {
		this.mvc.perform(get("/sessions/0000000000")).andExpect(status().isNotFound());
		this.mvc.perform(get("/sessions").param("from", "yesterday")).andExpect(status().isBadRequest());
	}

	@Test
	void exportsTheCallsAsCsvAndJsonLines() throws Exception {
		MvcResult csv = this.mvc.perform(get("/sessions/" + this.admin.id() + "/export.csv"))
			.andExpect(request().asyncStarted())
			.andReturn();
		String body = this.mvc.perform(MockMvcRequestBuilders.asyncDispatch(csv))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Disposition", containsString("session-" + this.admin.id() + ".csv")))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(body.lines()).hasSize(5);
		assertThat(body.lines().findFirst()).contains(String.join(",", SessionExportController.CSV_HEADER));
		assertThat(body).contains("TerminateInstances", "AccessDenied", "EXACT");

		MvcResult jsonl = this.mvc.perform(get("/sessions/" + this.admin.id() + "/export.jsonl").param("error", "any"))
			.andReturn();
		String records = this.mvc.perform(MockMvcRequestBuilders.asyncDispatch(jsonl))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(records.lines()).singleElement()
			.satisfies(line -> assertThat(Trails.JSON.readTree(line).path("errorCode").stringValue())
				.isEqualTo("AccessDenied"));
	}

	@Test
	void neutralisesSpreadsheetFormulas() {
		assertThat(SessionExportController.safe("=HYPERLINK(\"x\")")).isEqualTo("'=HYPERLINK(\"x\")");
		assertThat(SessionExportController.safe("@SUM(1)")).startsWith("'");
		assertThat(SessionExportController.safe("\tx")).startsWith("'");
		assertThat(SessionExportController.safe("aws-cli/2")).isEqualTo("aws-cli/2");
		assertThat(SessionExportController.safe(null)).isEmpty();
	}

}

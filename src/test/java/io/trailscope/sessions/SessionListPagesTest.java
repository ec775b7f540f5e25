package io.trailscope.sessions;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import tools.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.util.HtmlUtils;

import io.trailscope.TrailscopeIntegrationTest;
import io.trailscope.ingest.local.LocalImport;

import static io.trailscope.sessions.Trails.assumeRole;
import static io.trailscope.sessions.Trails.assumedRole;
import static io.trailscope.sessions.Trails.call;
import static io.trailscope.sessions.Trails.iamUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The session list's orders, its paging under each, and the sessions with no calls: a
 * role of its own with more sessions than a page, some with no calls, and counts that
 * tie, so that the id must break them.
 */
@TrailscopeIntegrationTest
@WithMockUser(roles = "VIEWER")
class SessionListPagesTest {

	static final int SESSIONS = SessionListController.PAGE_SIZE + 12;

	static final Instant T1 = Instant.parse("2023-05-01T00:00:00Z");

	private static final Pattern SESSION_LINK = Pattern.compile("href=\"/sessions/([0-9a-f]{20})\"");

	private static final Pattern NEXT = Pattern.compile("hx-get=\"(/sessions\\?[^\"]+)\"");

	@Autowired
	MockMvc mvc;

	@Autowired
	LocalImport imports;

	@Autowired
	SessionList list;

	String role;

	@BeforeEach
	void load() {
		String tag = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41), 36).toUpperCase();
		this.role = "Page-" + tag;
		String account = "3" + String.format("%011d", ThreadLocalRandom.current().nextLong(99_999_999_999L));
		String roleArn = "arn:aws:iam::" + account + ":role/" + this.role;
		List<ObjectNode> records = new ArrayList<>();
		for (int i = 0; i < SESSIONS; i++) {
			Instant created = T1.plusSeconds(60L * i);
			String key = "ASIAP" + i + tag;
			records.add(assumeRole(tag + "-p" + i, created, account, iamUser(account, "carol", "AKIAP" + tag), roleArn,
					"s" + i, key, "May 1, 2023 11:00:00 PM"));
			String arn = SessionRules.assumedRoleArn(roleArn, "s" + i);
			// 0 to 4 calls, the last of three or four failing: every fifth session made
			// none
			for (int c = 0; c < i % 5; c++) {
				ObjectNode call = call(tag + "-p" + i + "-c" + c, created.plusSeconds(5L * (c + 1)), account,
						assumedRole(arn, key, created), "DescribeInstances");
				if (c >= 2) {
					call.put("errorCode", "AccessDenied");
				}
				records.add(call);
			}
		}
		String jsonl = records.stream().map(ObjectNode::toString).collect(Collectors.joining("\n")) + "\n";
		assertThat(
				this.imports.importBytes("test", tag + "-pages.jsonl", jsonl.getBytes(StandardCharsets.UTF_8)).failed())
			.isFalse();
	}

	@Test
	void hidesSessionsWithNoCallsUnlessAskedToShowThem() throws Exception {
		List<Session> all = everySession();
		assertThat(all).hasSize(SESSIONS);
		List<String> idle = all.stream().filter(s -> s.callCount() == 0).map(Session::id).toList();
		assertThat(idle).isNotEmpty();

		String hidden = page("/sessions?role=" + this.role);
		assertThat(hidden).contains("name=\"empty\" value=\"show\">");
		List<String> shown = walk("/sessions?role=" + this.role);
		assertThat(shown).hasSize(SESSIONS - idle.size()).doesNotContainAnyElementsOf(idle);

		String showing = page("/sessions?role=" + this.role + "&empty=show");
		assertThat(showing).contains("name=\"empty\" value=\"show\" checked=\"checked\"");
		assertThat(walk("/sessions?role=" + this.role + "&empty=show")).hasSize(SESSIONS).containsAll(idle);
	}

	@Test
	void pagesThroughEveryOrderBothWaysWithoutLosingOrRepeatingASession() throws Exception {
		List<Session> used = everySession().stream().filter(s -> s.callCount() > 0).toList();
		Map<String, Comparator<Session>> orders = Map.of("created", Comparator.comparing(Session::created), "calls",
				Comparator.comparingLong(Session::callCount), "errors", Comparator.comparingLong(Session::errorCount),
				"last", Comparator.comparing(Session::lastActivity));
		for (Map.Entry<String, Comparator<Session>> order : orders.entrySet()) {
			Comparator<Session> ascending = order.getValue().thenComparing(Session::id);
			List<String> up = used.stream().sorted(ascending).map(Session::id).toList();
			List<String> down = used.stream().sorted(ascending.reversed()).map(Session::id).toList();

			assertThat(walk("/sessions?role=" + this.role + "&sort=" + order.getKey() + "&dir=asc"))
				.as("%s ascending", order.getKey())
				.containsExactlyElementsOf(up);
			assertThat(walk("/sessions?role=" + this.role + "&sort=" + order.getKey()))
				.as("%s descending", order.getKey())
				.containsExactlyElementsOf(down);
		}
	}

	@Test
	void headersLinkToTheirOrderAndTurnItRoundWhenAlreadyInIt() throws Exception {
		String byCreated = page("/sessions?role=" + this.role);
		assertThat(byCreated).contains("aria-sort=\"descending\"")
			.contains("href=\"/sessions?role=" + this.role + "&amp;sort=calls\"")
			.contains("href=\"/sessions?role=" + this.role + "&amp;dir=asc\"");

		String byCalls = page("/sessions?role=" + this.role + "&sort=calls");
		assertThat(byCalls).contains("href=\"/sessions?role=" + this.role + "&amp;sort=calls&amp;dir=asc\"")
			.contains("name=\"sort\" value=\"calls\"");
		String fewestFirst = page("/sessions?role=" + this.role + "&sort=calls&dir=asc");
		assertThat(fewestFirst).contains("aria-sort=\"ascending\"")
			.contains("href=\"/sessions?role=" + this.role + "&amp;sort=calls\"");
	}

	@Test
	void refusesAnUnknownOrderOrPosition() throws Exception {
		this.mvc.perform(get("/sessions").param("sort", "role")).andExpect(status().isBadRequest());
		this.mvc.perform(get("/sessions").param("dir", "up")).andExpect(status().isBadRequest());
		this.mvc.perform(get("/sessions").param("sort", "calls").param("cursor", "2023-05-01T00:00:00Z~abc"))
			.andExpect(status().isBadRequest());
	}

	private List<Session> everySession() {
		return this.list.list(SessionFilter.all(this.role, null), Instant.now(), 1000);
	}

	/** The sessions of a list, page after page as "load more" asks for them. */
	private List<String> walk(String first) throws Exception {
		List<String> ids = new ArrayList<>();
		String next = first;
		int pages = 0;
		while (next != null) {
			String body = (pages == 0) ? page(next) : rows(next);
			ids.addAll(ids(body));
			Matcher more = NEXT.matcher(body);
			next = more.find() ? HtmlUtils.htmlUnescape(more.group(1)) : null;
			pages++;
			assertThat(pages).as("pages").isLessThan(10);
		}
		assertThat(new LinkedHashSet<>(ids)).as("no session twice").hasSameSizeAs(ids);
		return ids;
	}

	private String page(String url) throws Exception {
		return this.mvc.perform(get(URI.create(url)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
	}

	private String rows(String url) throws Exception {
		return this.mvc.perform(get(URI.create(url)).header("HX-Request", "true"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
	}

	private static List<String> ids(String html) {
		List<String> ids = new ArrayList<>();
		Matcher m = SESSION_LINK.matcher(html);
		while (m.find()) {
			ids.add(m.group(1));
		}
		return ids;
	}

}

package io.trailscope.sessions;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * The session page's chain graph and time strip: where each box of the graph leads, which
 * hops cross accounts, that a bin of the strip counts exactly the calls its link lists,
 * and that messy sessions (no root, no account, no calls, thousands of calls) render.
 */
@TrailscopeIntegrationTest
@WithMockUser(roles = "VIEWER")
class SessionTimelineGraphTest {

	private static final Pattern NODE = Pattern
		.compile("<a href=\"([^\"]+)\" class=\"(node [^\"]*)\" data-kind=\"(\\w+)\"");

	private static final Pattern BIN = Pattern
		.compile("<a href=\"([^\"]+)\" class=\"bin[^\"]*\" data-calls=\"(\\d+)\" data-errors=\"(\\d+)\"");

	private static final Pattern MORE_CALLS = Pattern.compile("hx-get=\"(/sessions/[^\"]*cursor=[^\"]+)\"");

	private static final Pattern CALL_ROW = Pattern.compile("<a href=\"/events/[^\"]+\" title=");

	static final Instant T2 = Instant.parse("2023-07-01T06:00:00Z");

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

	Session deploy;

	@BeforeEach
	void load() {
		this.scenario = new Scenario(this.imports, this.store, this.list, this.calls, this.derivation.rules());
		this.scenario.loadIssuers();
		this.scenario.loadUsage();
		this.admin = this.scenario.admin();
		this.deploy = this.lineage.children(this.admin.id(), 10).get(0);
	}

	@Test
	void drawsTheRootAboveTheSessionAndTheSessionsItIssuedBelowEachALink() throws Exception {
		List<String[]> nodes = nodes(page("/sessions/" + this.admin.id()));

		assertThat(nodes).extracting(n -> n[2]).containsExactly("root", "this", "child");
		assertThat(URLDecoder.decode(nodes.get(0)[0], StandardCharsets.UTF_8)).startsWith("/events?user=arn:aws:iam::"
				+ this.scenario.callerAccount + ":user/alice&from=2023-03-01T08:00:00Z&to=");
		assertThat(nodes.get(1)[0]).isEqualTo("/sessions/" + this.admin.id());
		assertThat(nodes.get(2)[0]).isEqualTo("/sessions/" + this.deploy.id());
	}

	@Test
	void drawsTheHopsAboveAChainedSession() throws Exception {
		List<String[]> nodes = nodes(page("/sessions/" + this.deploy.id()));

		assertThat(nodes).extracting(n -> n[2]).containsExactly("root", "hop", "this");
		assertThat(nodes.get(1)[0]).isEqualTo("/sessions/" + this.admin.id());
		assertThat(nodes.get(2)[0]).isEqualTo("/sessions/" + this.deploy.id());
	}

	@Test
	void marksTheHopThatCrossesAccounts() throws Exception {
		// alice, in the caller's account, assumed Admin in the role owner's; Admin
		// assumed
		// Deploy in its own
		String page = page("/sessions/" + this.deploy.id());
		List<String[]> nodes = nodes(page);

		assertThat(nodes.get(1)[1]).isEqualTo("node hop cross");
		assertThat(nodes.get(2)[1]).isEqualTo("node this");
		assertThat(page).contains("class=\"edge cross\"")
			.contains("cross-account: " + this.scenario.callerAccount + " → " + this.scenario.roleAccount);
	}

	@Test
	void countsInEachBinWhatTheCallsListShowsWhenTheBinIsFollowed() throws Exception {
		Session busy = busySession(1000);
		for (String filter : List.of("", "?error=any", "?eventName=Describe*")) {
			Map<String, long[]> bins = bins(page("/sessions/" + busy.id() + filter));
			assertThat(bins.size()).isBetween(10, CallStrip.MOST_BINS);
			long total = 0;
			for (Map.Entry<String, long[]> bin : bins.entrySet()) {
				assertThat(calls(bin.getKey())).as(bin.getKey()).isEqualTo(bin.getValue()[0]);
				total += bin.getValue()[0];
			}
			long expected = switch (filter) {
				case "?error=any" -> busy.errorCount();
				case "?eventName=Describe*" -> busy.callCount() - busy.errorCount();
				default -> busy.callCount();
			};
			assertThat(total).as(filter).isEqualTo(expected);
		}
	}

	@Test
	void keepsTheSliceInTheFormAndOffersTheWholeSession() throws Exception {
		String url = "/sessions/" + this.admin.id() + "?from=2023-03-01T09:00:05Z&to=2023-03-01T09:00:06Z";
		String page = page(url);

		assertThat(page).contains("name=\"from\" value=\"2023-03-01T09:00:05Z\"")
			.contains("href=\"/sessions/" + this.admin.id() + "\">the whole session</a>")
			.contains("class=\"bin selected\"");
		assertThat(calls(url)).isEqualTo(1);
		this.mvc.perform(get("/sessions/" + this.admin.id()).param("from", "yesterday"))
			.andExpect(status().isBadRequest());
	}

	@Test
	void rendersASessionWithNoKnownRootNoAccountAndNoCalls() throws Exception {
		String tag = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41), 36).toUpperCase();
		String roleArn = "arn:aws:iam::444455556666:role/Orphan-" + tag;
		// signed with a role session whose issuing call is not loaded, in a record
		// without
		// an account
		ObjectNode orphan = assumeRole(tag + "-orphan", T2, "",
				assumedRole("arn:aws:sts::777788889999:assumed-role/Gone/x", "ASIAGONE" + tag, T2.minusSeconds(600)),
				roleArn, "o", "ASIAO" + tag, "Jul 1, 2023 7:00:00 AM");
		orphan.remove("recipientAccountId");
		load(tag + "-orphan.jsonl", List.of(orphan));
		Session session = this.list.list(SessionFilter.all("Orphan-" + tag, null), Instant.now(), 10).get(0);
		assertThat(session.callCount()).isZero();

		String page = page("/sessions/" + session.id());
		assertThat(nodes(page)).extracting(n -> n[2]).containsExactly("root", "this");
		assertThat(page).contains("role session (issuer not loaded)")
			.contains("No calls match.")
			.doesNotContain("class=\"call-strip\"");
	}

	@Test
	void rendersASessionWithThousandsOfCallsOnePageAtATime() throws Exception {
		Session busy = busySession(5000);
		assertThat(busy.callCount()).isEqualTo(5000);

		String page = page("/sessions/" + busy.id());
		assertThat(CALL_ROW.matcher(page).results().count()).isEqualTo(SessionTimelineController.PAGE_SIZE);
		assertThat(page).contains("Load more");
		assertThat(bins(page).size()).isLessThanOrEqualTo(CallStrip.MOST_BINS);
	}

	/**
	 * A session with {@code count} calls over six hours, most of them in two bursts, one
	 * in seven failing.
	 */
	private Session busySession(int count) {
		String tag = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41), 36).toUpperCase();
		String account = "2" + String.format("%011d", ThreadLocalRandom.current().nextLong(99_999_999_999L));
		String roleArn = "arn:aws:iam::" + account + ":role/Busy-" + tag;
		String arn = SessionRules.assumedRoleArn(roleArn, "b");
		String key = "ASIAB" + tag;
		List<ObjectNode> records = new ArrayList<>();
		records.add(assumeRole(tag + "-busy", T2, account, iamUser(account, "dave", "AKIAD" + tag), roleArn, "b", key,
				"Jul 1, 2023 6:00:00 PM"));
		for (int i = 0; i < count; i++) {
			long second = switch (i % 4) {
				case 0 -> 600 + (i % 150);
				case 1 -> 9000 + (i % 400);
				default -> 10L + (i * 7L) % 21000;
			};
			boolean failed = i % 7 == 0;
			ObjectNode call = call(tag + "-b" + i, T2.plusSeconds(second), account, assumedRole(arn, key, T2),
					failed ? "TerminateInstances" : "DescribeInstances");
			if (failed) {
				call.put("errorCode", "AccessDenied");
			}
			records.add(call);
		}
		load(tag + "-busy.jsonl", records);
		return this.list.list(SessionFilter.all("Busy-" + tag, null), Instant.now(), 10).get(0);
	}

	private void load(String name, List<ObjectNode> records) {
		String jsonl = records.stream().map(ObjectNode::toString).collect(Collectors.joining("\n")) + "\n";
		assertThat(this.imports.importBytes("test", name, jsonl.getBytes(StandardCharsets.UTF_8)).failed()).isFalse();
	}

	private String page(String url) throws Exception {
		return this.mvc.perform(get(URI.create(url)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
	}

	/** How many calls a list shows, "load more" after "load more". */
	private long calls(String url) throws Exception {
		long rows = 0;
		String next = url;
		for (int pages = 0; next != null; pages++) {
			assertThat(pages).isLessThan(60);
			String body = this.mvc.perform(get(URI.create(next)).header("HX-Request", "true"))
				.andExpect(status().isOk())
				.andReturn()
				.getResponse()
				.getContentAsString();
			rows += CALL_ROW.matcher(body).results().count();
			Matcher more = MORE_CALLS.matcher(body);
			next = more.find() ? HtmlUtils.htmlUnescape(more.group(1)) : null;
		}
		return rows;
	}

	/** The graph's links: href, class and kind. */
	private static List<String[]> nodes(String html) {
		List<String[]> nodes = new ArrayList<>();
		Matcher m = NODE.matcher(html);
		while (m.find()) {
			nodes.add(new String[] { HtmlUtils.htmlUnescape(m.group(1)), m.group(2), m.group(3) });
		}
		return nodes;
	}

	/** The strip's bins: link, calls and errors. */
	private static Map<String, long[]> bins(String html) {
		Map<String, long[]> bins = new LinkedHashMap<>();
		Matcher m = BIN.matcher(html);
		while (m.find()) {
			bins.put(HtmlUtils.htmlUnescape(m.group(1)),
					new long[] { Long.parseLong(m.group(2)), Long.parseLong(m.group(3)) });
		}
		return bins;
	}

}

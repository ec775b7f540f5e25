package io.trailscope.sessions;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SessionGraphTest {

	static final Instant T = Instant.parse("2024-05-01T09:00:00Z");

	@Test
	void stacksTheRootTheHopsAndThisSessionWithItsChildrenIndentedBelow() {
		Session top = session("a", "arn:aws:iam::111111111111:role/Admin", "AssumeRole", "");
		Session self = session("b", "arn:aws:iam::111111111111:role/Deploy", "AssumeRole", "111111111111");
		List<Session> children = List.of(session("c", "arn:aws:iam::222222222222:role/Target", "AssumeRole", ""),
				session("d", "arn:aws:iam::111111111111:role/Other", "AssumeRole", ""));

		SessionGraph graph = SessionGraph.of(self, List.of(top), children, false);

		assertThat(graph.nodes()).extracting(SessionGraph.Node::kind)
			.containsExactly("root", "hop", "this", "child", "child");
		assertThat(graph.nodes()).extracting(SessionGraph.Node::href)
			.containsExactly(graph.nodes().get(0).href(), "/sessions/a", "/sessions/b", "/sessions/c", "/sessions/d");
		assertThat(graph.nodes()).extracting(SessionGraph.Node::crossAccount)
			.containsExactly(false, false, false, true, false);
		assertThat(graph.nodes()).extracting(SessionGraph.Node::y).isSorted();
		assertThat(graph.nodes().get(3).x()).isGreaterThan(graph.nodes().get(2).x());
		assertThat(graph.height()).isGreaterThan(graph.nodes().get(4).y() + graph.nodes().get(4).height());
		assertThat(graph.edges()).hasSize(2 + 2 + 1);
		assertThat(graph.nodes().get(3).detail())
			.startsWith("cross-account · AssumeRole · 2024-05-01 09:00:00Z · account 222222222222");
	}

	@Test
	void marksTheHopFromTheRootsAccountIntoAnother() {
		Session self = session("b", "arn:aws:iam::222222222222:role/Admin", "AssumeRole", "");

		SessionGraph graph = SessionGraph.of(self, List.of(), List.of(), false);

		assertThat(graph.edges()).singleElement().satisfies(edge -> {
			assertThat(edge.crossAccount()).isTrue();
			assertThat(edge.css()).isEqualTo("edge cross");
			assertThat(edge.label()).isEqualTo("cross-account: 111111111111 → 222222222222");
		});
		assertThat(graph.nodes().get(0).href()).isEqualTo(
				"/events?user=arn%3Aaws%3Aiam%3A%3A111111111111%3Auser%2Falice&from=2024-05-01T08%3A00%3A00Z&to=2024-05-01T22%3A00%3A00Z");
	}

	@Test
	void drawsAChainWhoseRootAndAccountsAreNotKnown() {
		Session orphan = new Session("o", "AssumeRole", "arn:aws:sts::unknown", "ASIA", T, T.plusSeconds(3600), null,
				null, "e", T, "", null, List.of(""), null, null, null, null, null, null, null, null, null, null, null,
				null, null, null, null, null, 0, 0, null, null, List.of(), List.of());

		SessionGraph graph = SessionGraph.of(orphan, List.of(), List.of(), false);

		assertThat(graph.nodes().get(0).label()).isEqualTo("Root principal not known");
		assertThat(graph.nodes().get(0).href()).isNull();
		assertThat(graph.nodes().get(1).detail()).contains("account not known").contains("0 calls");
		assertThat(graph.edges()).noneMatch(SessionGraph.Edge::crossAccount);
	}

	@Test
	void cutsLongNamesAndKeepsThemWholeInTheTitle() {
		String role = "arn:aws:iam::111111111111:role/" + "VeryLongRoleName".repeat(8);
		Session self = session("b", role, "AssumeRoleWithWebIdentity", "");
		List<Session> many = new ArrayList<>();
		for (int i = 0; i < SessionGraph.MOST_CHILDREN; i++) {
			many.add(session("c" + i, role, "AssumeRole", ""));
		}

		SessionGraph graph = SessionGraph.of(self, List.of(), many, true);

		SessionGraph.Node node = graph.nodes().get(1);
		assertThat(node.label()).endsWith("…").hasSizeLessThan(100);
		assertThat(node.title()).contains(role);
		assertThat(node.detail()).contains("web identity (AssumeRoleWithWebIdentity)");
		assertThat(graph.moreChildren()).isTrue();
		assertThat(graph.nodes()).hasSize(2 + SessionGraph.MOST_CHILDREN);
	}

	/** A session signed by the IAM user alice of account 111111111111. */
	private static Session session(String id, String roleArn, String method, String issuerAccount) {
		String name = "alice";
		String arn = roleArn.replace(":iam::", ":sts::").replace(":role/", ":assumed-role/") + "/" + name;
		return new Session(id, method, arn, "ASIA" + id, T, T.plus(Duration.ofHours(12)), roleArn, name, "e-" + id, T,
				issuerAccount, null, List.of(issuerAccount), "us-east-1", "203.0.113.7", "aws-cli/2", false, null, null,
				"IAMUser", "alice", "arn:aws:iam::111111111111:user/alice", "AKIA", null, null, null, "IAM user",
				"arn:aws:iam::111111111111:user/alice", null, 3, 0, T, T.plusSeconds(60), List.of("us-east-1"),
				List.of());
	}

}

package io.trailscope.sessions;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.web.util.UriComponentsBuilder;

/**
 * A session's chain drawn as a graph: the root principal at the top, each hop below it,
 * the session itself, and the sessions its credentials issued below it. The geometry of
 * the SVG ({@value #WIDTH} wide) is computed here, so that the template only places
 * attributes; SVG text is not cut by CSS, so long names are cut here and shown whole on
 * hover.
 *
 * @param moreChildren whether the session issued more sessions than are drawn
 */
record SessionGraph(List<Node> nodes, List<Edge> edges, int height, boolean moreChildren) {

	static final int WIDTH = 960;

	/** How many of a session's children are drawn (a service can issue thousands). */
	static final int MOST_CHILDREN = 12;

	private static final int LEFT = 8;

	private static final int NODE_WIDTH = 760;

	private static final int NODE_HEIGHT = 44;

	private static final int GAP = 30;

	private static final int CHILD_INDENT = 48;

	private static final int CHILD_GAP = 10;

	/** What the children's heading takes above them. */
	private static final int HEADING = 26;

	/** The account of an IAM or STS ARN. */
	private static final Pattern ACCOUNT = Pattern.compile("^arn:[^:]*:(?:iam|sts)::(\\d{12}):");

	/**
	 * One box: the root principal, a hop of the chain, this session or a session it
	 * issued.
	 *
	 * @param kind root, hop, this or child
	 * @param href where it leads: a session's page, or the root's events; null when
	 * nothing is known to search for
	 * @param title the whole of what the box cuts, shown on hover
	 */
	record Node(String kind, String label, String detail, String title, String href, boolean crossAccount, int x, int y,
			int width, int height) {

		public String css() {
			return "node " + this.kind + (this.crossAccount ? " cross" : "");
		}

		public int textX() {
			return this.x + 12;
		}

		public int labelY() {
			return this.y + 18;
		}

		public int detailY() {
			return this.y + 35;
		}

	}

	/**
	 * A line from an issuer to what it issued: an SVG path, and a label beside it when it
	 * crosses accounts.
	 */
	record Edge(String path, boolean crossAccount, String label, int labelX, int labelY) {

		public String css() {
			return "edge" + (this.crossAccount ? " cross" : "");
		}

	}

	/**
	 * The graph of a session, given its ancestors (top first) and the first of its
	 * children; {@code moreChildren} when it has more than those.
	 */
	static SessionGraph of(Session session, List<Session> ancestors, List<Session> children, boolean moreChildren) {
		List<Node> nodes = new ArrayList<>();
		List<Edge> edges = new ArrayList<>();
		Session top = ancestors.isEmpty() ? session : ancestors.get(0);
		String rootAccount = rootAccount(session, top);
		int y = 4;
		nodes.add(new Node("root", cut(rootLabel(session), 96), rootDetail(session, rootAccount),
				rootTitle(session, top), rootHref(session, top), false, LEFT, y, NODE_WIDTH, NODE_HEIGHT));
		String above = rootAccount;
		List<Session> chain = new ArrayList<>(ancestors);
		chain.add(session);
		for (Session hop : chain) {
			int bottom = y + NODE_HEIGHT;
			y = bottom + GAP;
			String account = account(hop);
			boolean cross = crosses(above, account);
			String label = cross ? "cross-account: " + above + " → " + account : null;
			edges.add(new Edge("M" + (LEFT + 28) + " " + bottom + " V" + y, cross, label, LEFT + 40,
					bottom + GAP / 2 + 4));
			nodes.add(sessionNode(hop == session ? "this" : "hop", hop, cross, LEFT, y, NODE_WIDTH));
			above = account;
		}
		int parentBottom = y + NODE_HEIGHT;
		if (!children.isEmpty()) {
			y = parentBottom + HEADING;
			int trunk = LEFT + 28;
			int childX = LEFT + CHILD_INDENT;
			int lastMiddle = y;
			for (Session child : children) {
				String account = account(child);
				boolean cross = crosses(above, account);
				nodes.add(sessionNode("child", child, cross, childX, y, NODE_WIDTH - CHILD_INDENT));
				lastMiddle = y + NODE_HEIGHT / 2;
				edges.add(new Edge("M" + trunk + " " + lastMiddle + " H" + childX, cross, null, 0, 0));
				y += NODE_HEIGHT + CHILD_GAP;
			}
			edges.add(new Edge("M" + trunk + " " + parentBottom + " V" + lastMiddle, false, null, 0, 0));
			y -= CHILD_GAP;
		}
		else {
			y = parentBottom;
		}
		return new SessionGraph(List.copyOf(nodes), List.copyOf(edges), y + 4, moreChildren);
	}

	/** Where the children's heading is written, or -1 without children. */
	public int childrenHeadingY() {
		return this.nodes.stream().filter(n -> n.kind().equals("child")).findFirst().map(n -> n.y() - 8).orElse(-1);
	}

	public int childrenHeadingX() {
		return LEFT + CHILD_INDENT;
	}

	public int width() {
		return WIDTH;
	}

	public int mostChildren() {
		return MOST_CHILDREN;
	}

	private static Node sessionNode(String kind, Session s, boolean cross, int x, int y, int width) {
		String account = account(s);
		List<String> detail = new ArrayList<>();
		if (cross) {
			detail.add("cross-account");
		}
		detail.add(method(s));
		detail.add(when(s.created()));
		detail.add(account == null ? "account not known" : "account " + account);
		detail.add(s.callCount() + (s.callCount() == 1 ? " call" : " calls"));
		String title = String.join("\n", nonBlank(s.title(), s.roleArn(), s.arn(), method(s) + " at " + s.created(),
				account == null ? null : "account " + account));
		return new Node(kind, cut(s.title(), (width - 24) / 8), cut(String.join(" · ", detail), (width - 24) / 7),
				title, "/sessions/" + s.id(), cross, x, y, width, NODE_HEIGHT);
	}

	/** How the credentials were issued, in the words an analyst searches for. */
	static String method(Session s) {
		String name = s.issuerEventName();
		if (s.roleArn() != null && s.roleArn().contains(SessionRules.IDENTITY_CENTER_ROLE)) {
			return "Identity Center (" + name + ")";
		}
		return switch (name) {
			case "AssumeRoleWithSAML" -> "SAML (AssumeRoleWithSAML)";
			case "AssumeRoleWithWebIdentity" -> "web identity (AssumeRoleWithWebIdentity)";
			case "ConsoleLogin" -> "console sign-in";
			case "SwitchRole" -> "console role switch (SwitchRole)";
			default -> name;
		};
	}

	/**
	 * The account a session acts in: its role's, else its identity's, else its issuing
	 * event's; null when none is known (a blank account of a hand-made file).
	 */
	static String account(Session s) {
		String account = accountOf(s.roleArn());
		if (account == null) {
			account = accountOf(s.arn());
		}
		if (account == null && s.issuerAccount() != null && !s.issuerAccount().isBlank()) {
			account = s.issuerAccount();
		}
		return account;
	}

	private static String rootAccount(Session session, Session top) {
		String account = accountOf(session.rootPrincipal());
		return (account != null) ? account : accountOf(top.signerArn());
	}

	static String accountOf(String arn) {
		if (arn == null) {
			return null;
		}
		Matcher m = ACCOUNT.matcher(arn);
		return m.find() ? m.group(1) : null;
	}

	private static boolean crosses(String from, String to) {
		return from != null && to != null && !from.equals(to);
	}

	private static String rootLabel(Session s) {
		return (s.rootPrincipal() == null || s.rootPrincipal().isBlank()) ? "Root principal not known"
				: s.rootPrincipal();
	}

	private static String rootDetail(Session s, String account) {
		String kind = (s.rootKind() == null) ? "the top of the chain is not loaded" : s.rootKind();
		return cut(account == null ? kind : kind + " · account " + account, 100);
	}

	private static String rootTitle(Session s, Session top) {
		return String.join("\n", nonBlank(s.rootKind(), s.rootPrincipal(), top.signerArn()));
	}

	/**
	 * The root's events around the chain's time: the root's ARN when it has one, else
	 * what the top issuing call was signed by; null when nothing is known of it.
	 */
	static String rootHref(Session s, Session top) {
		String who;
		if (s.rootPrincipal() != null && s.rootPrincipal().startsWith("arn:")) {
			who = s.rootPrincipal();
		}
		else if (top.signerArn() != null) {
			who = top.signerArn();
		}
		else if (top.signerPrincipal() != null) {
			who = top.signerPrincipal();
		}
		else {
			who = (s.rootPrincipal() == null || "unknown".equals(s.rootPrincipal())) ? null : s.rootPrincipal();
		}
		if (who == null || who.isBlank()) {
			return null;
		}
		Instant end = s.expires();
		if (s.lastActivity() != null && s.lastActivity().isAfter(end)) {
			end = s.lastActivity();
		}
		// values as variables, so that they are encoded strictly: a + in a name stays a +
		return UriComponentsBuilder.fromPath("/events")
			.queryParam("user", "{user}")
			.queryParam("from", "{from}")
			.queryParam("to", "{to}")
			.encode()
			.buildAndExpand(who, top.created().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS),
					end.plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS))
			.toUriString();
	}

	private static String when(Instant time) {
		return time.truncatedTo(ChronoUnit.SECONDS).toString().replace('T', ' ');
	}

	private static List<String> nonBlank(String... values) {
		List<String> kept = new ArrayList<>();
		for (String value : values) {
			if (value != null && !value.isBlank()) {
				kept.add(value);
			}
		}
		return kept;
	}

	/** At most {@code length} characters, the cut marked with an ellipsis. */
	static String cut(String value, int length) {
		if (value == null || value.length() <= length) {
			return value;
		}
		return value.substring(0, Math.max(1, length - 1)) + "…";
	}

}

package io.trailscope.sessions;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import tools.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

import org.springframework.beans.factory.annotation.Autowired;

import io.trailscope.BrowserTestSupport;
import io.trailscope.ingest.local.LocalImport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The analyst's path in headless Chromium under the real CSP: open an AssumeRole event,
 * follow it to the session it created, see the calls made with those credentials, and
 * narrow them with the query box; walk the chain graph; and the session pages fit a
 * 1280-pixel window with long names, without errors in the console.
 */
class SessionsBrowserTest extends BrowserTestSupport {

	private static final String LONG_ROLE = "OrganizationAccountAccessRoleForTheDeploymentPipeline-";

	private static Scenario scenario;

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

	@BeforeEach
	void load() {
		if (scenario == null) {
			scenario = new Scenario(this.imports, this.store, this.list, this.calls, this.derivation.rules());
			scenario.loadIssuers();
			scenario.loadUsage();
		}
	}

	@Test
	void followsAnAssumeRoleToItsSessionAndItsCalls() {
		signIn(VIEWER, VIEWER_PASSWORD);
		open("/events/" + scenario.tag + "-issue-1");
		assertThat(find("main").getText()).contains("AssumeRole");

		find("a.session-link").click();
		await(driver -> driver.getCurrentUrl().contains("/sessions/") ? true : null);
		await(driver -> calls().size() > 1 ? true : null);
		assertThat(find("main").getText()).contains("Admin-" + scenario.tag).contains("alice");
		assertThat(calls()).anySatisfy(row -> assertThat(row.getText()).contains("TerminateInstances"))
			.anySatisfy(row -> assertThat(row.getText()).contains("DescribeVpcs"));

		WebElement box = find(".call-filters input[name=q]");
		box.sendKeys("errorCode:*");
		await(driver -> driver.getCurrentUrl().contains("errorCode") && calls().size() == 1 ? true : null);
		assertThat(calls().get(0).getText()).contains("TerminateInstances").contains("AccessDenied");
		assertThat(consoleMessages()).noneMatch(message -> message.contains("Content Security Policy"));
	}

	@Test
	void followsTheChainGraphUpToTheIssuerAndDownToTheSessionItIssued() {
		Session admin = admin();
		Session deploy = this.lineage.children(admin.id(), 10).get(0);
		signIn(VIEWER, VIEWER_PASSWORD);
		open("/sessions/" + deploy.id());

		find("svg.chain a[data-kind=hop]").click();
		await(driver -> driver.getCurrentUrl().endsWith("/sessions/" + admin.id()) ? true : null);
		assertThat(find("svg.chain a[data-kind=this]").getText()).contains("Admin-" + scenario.tag);

		find("svg.chain a[data-kind=child]").click();
		await(driver -> driver.getCurrentUrl().endsWith("/sessions/" + deploy.id()) ? true : null);
		find("svg.chain a[data-kind=root]").click();
		await(driver -> driver.getCurrentUrl().contains("/events?user=") ? true : null);
		assertThat(consoleMessages()).isEmpty();
	}

	@Test
	void fitsTheSessionPagesIntoA1280PixelWindowWithoutErrors() {
		Session longNamed = longNamedSession();
		browser.manage().window().setSize(new Dimension(1280, 800));
		signIn(VIEWER, VIEWER_PASSWORD);
		for (String path : List.of("/sessions?empty=show", "/sessions?empty=show&sort=calls",
				"/sessions/" + longNamed.id(), "/sessions/" + admin().id())) {
			open(path);
			find("main h1");
			JavascriptExecutor js = (JavascriptExecutor) browser;
			long innerWidth = (Long) js.executeScript("return window.innerWidth");
			long scrollWidth = (Long) js.executeScript("return document.documentElement.scrollWidth");
			assertThat(innerWidth).as("viewport").isBetween(1200L, 1280L);
			assertThat(scrollWidth).as("page width of %s", path).isLessThanOrEqualTo(innerWidth);
			assertThat(consoleMessages()).as("console of %s", path).isEmpty();
		}
		// the long names are cut, and whole on hover
		open("/sessions/" + longNamed.id());
		assertThat(find("dd.mono.clip").getAttribute("title")).contains(LONG_ROLE);
	}

	private Session admin() {
		return scenario.admin();
	}

	/**
	 * A session with the longest role and session names IAM allows, in an account of its
	 * own, with a few calls.
	 */
	private Session longNamedSession() {
		String account = "6" + scenario.roleAccount.substring(1);
		String roleArn = "arn:aws:iam::" + account + ":role/" + LONG_ROLE + scenario.tag;
		String sessionName = ("session-name-of-an-automation-" + scenario.tag + "-").repeat(3).substring(0, 64);
		String key = "ASIAL" + scenario.tag;
		Instant created = Scenario.T0.plusSeconds(3600);
		List<ObjectNode> records = new ArrayList<>();
		records.add(Trails.assumeRole(scenario.tag + "-long", created, account,
				Trails.iamUser(account, "automation-user-with-a-rather-long-name", "AKIAL" + scenario.tag), roleArn,
				sessionName, key, "Mar 1, 2023 11:00:00 AM"));
		for (int i = 0; i < 40; i++) {
			records.add(Trails.call(scenario.tag + "-long-" + i, created.plusSeconds(30L * i), account,
					Trails.assumedRole(SessionRules.assumedRoleArn(roleArn, sessionName), key, created),
					"DescribeInstances"));
		}
		String jsonl = records.stream().map(ObjectNode::toString).collect(Collectors.joining("\n")) + "\n";
		if (this.list.list(SessionFilter.all(LONG_ROLE + scenario.tag, null), Instant.now(), 1).isEmpty()) {
			assertThat(this.imports
				.importBytes("test", scenario.tag + "-long.jsonl", jsonl.getBytes(StandardCharsets.UTF_8))
				.failed()).isFalse();
		}
		return this.list.list(SessionFilter.all(LONG_ROLE + scenario.tag, null), Instant.now(), 1).get(0);
	}

	private static List<WebElement> calls() {
		return browser.findElements(By.cssSelector("table.session-calls tbody tr:not(.load-more)"));
	}

}

package io.trailscope.sessions;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import org.springframework.beans.factory.annotation.Autowired;

import io.trailscope.BrowserTestSupport;
import io.trailscope.ingest.local.LocalImport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The analyst's path in headless Chromium under the real CSP: open an AssumeRole event,
 * follow it to the session it created, see the calls made with those credentials, and
 * narrow them with the query box.
 */
class SessionsBrowserTest extends BrowserTestSupport {

	private static Scenario scenario;

	@Autowired
	LocalImport imports;

	@Autowired
	SessionStore store;

	@Autowired
	SessionCalls calls;

	@Autowired
	SessionDerivation derivation;

	@BeforeEach
	void load() {
		if (scenario == null) {
			scenario = new Scenario(this.imports, this.store, this.calls, this.derivation.rules());
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

	private static List<WebElement> calls() {
		return browser.findElements(By.cssSelector("table.session-calls tbody tr:not(.load-more)"));
	}

}

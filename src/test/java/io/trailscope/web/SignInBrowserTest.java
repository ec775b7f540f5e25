package io.trailscope.web;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

import io.trailscope.BrowserTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

class SignInBrowserTest extends BrowserTestSupport {

	@Test
	void sendsVisitorsToTheSignInPage() {
		open("/investigations");
		assertThat(browser.getCurrentUrl()).isEqualTo(url("/login"));
		assertThat(browser.getTitle()).isEqualTo("Sign in · Trailscope");
		assertThat(browser.findElements(By.cssSelector("nav.nav"))).isEmpty();
	}

	@Test
	void rejectsAWrongPassword() {
		signIn(VIEWER, "not-the-password");
		assertThat(browser.getCurrentUrl()).isEqualTo(url("/login?error"));
		assertThat(find("[role=alert]").getText()).isEqualTo("Wrong user name or password.");
	}

	@Test
	void signsInAndOut() {
		open("/investigations");
		signIn(VIEWER, VIEWER_PASSWORD);
		assertThat(browser.getCurrentUrl()).isEqualTo(url("/investigations"));
		assertThat(find("nav.nav .user").getText()).isEqualTo(VIEWER);
		assertThat(browser.findElements(By.linkText("Ingest"))).isEmpty();
		find("nav.nav .sign-out button").click();
		await((driver) -> driver.getCurrentUrl().equals(url("/login?logout")));
		open("/");
		assertThat(browser.getCurrentUrl()).isEqualTo(url("/login"));
	}

	@Test
	void showsTheHomePageAndIngestToAdmins() {
		signIn(ADMIN, ADMIN_PASSWORD);
		assertThat(browser.getCurrentUrl()).isEqualTo(url("/"));
		assertThat(find("main h1").getText()).isEqualTo("Overview");
		// the navigation offers Ingest to admins (the overview links it too, in its own
		// line)
		assertThat(browser.findElements(By.cssSelector("nav.nav a[href='/ingest']"))).hasSize(1);
	}

	@Test
	void savesAndDeletesASearchWithHtmxUnderTheContentSecurityPolicy() {
		signIn(VIEWER, VIEWER_PASSWORD);
		open("/investigations");
		String name = "Browser saved " + System.nanoTime();
		find("#save-search-query").sendKeys("/events?q=eventName:DeleteTrail&range=90d");
		find("#save-search-name").sendKeys(name);
		find(".save-search button[type=submit]").click();
		WebElement saved = find(".saved-search");
		assertThat(saved.getText()).contains("Saved as " + name);
		assertThat(browser.getCurrentUrl()).as("htmx swapped in place").isEqualTo(url("/investigations"));

		open("/investigations");
		WebElement row = await((driver) -> driver.findElements(By.cssSelector(".saved-searches li"))
			.stream()
			.filter((li) -> li.getText().contains(name))
			.findFirst()
			.orElse(null));
		assertThat(row.findElement(By.tagName("a")).getAttribute("href"))
			.isEqualTo(url("/events?q=eventName%3ADeleteTrail&range=90d"));
		row.findElement(By.cssSelector("button.danger")).click();
		browser.switchTo().alert().accept();
		await((driver) -> driver.findElements(By.cssSelector(".saved-searches li"))
			.stream()
			.noneMatch((li) -> li.getText().contains(name)));
		assertThat(browser.getCurrentUrl()).isEqualTo(url("/investigations"));
		assertThat(cspViolations()).isEmpty();
	}

	@Test
	void showsNoContentSecurityPolicyViolations() {
		open("/login");
		signIn(ADMIN, ADMIN_PASSWORD);
		for (String page : List.of("/", "/investigations", "/investigations/instance-launch?value=nope",
				"/no-such-page")) {
			open(page);
			find("main");
		}
		assertThat(cspViolations()).isEmpty();
	}

	@Test
	void wouldNoticeAContentSecurityPolicyViolation() {
		signIn(VIEWER, VIEWER_PASSWORD);
		((JavascriptExecutor) browser).executeScript(
				"const s = document.createElement('script'); s.textContent = 'window.ran = 1'; document.body.append(s);");
		assertThat(((JavascriptExecutor) browser).executeScript("return window.ran === undefined")).isEqualTo(true);
		assertThat(cspViolations()).isNotEmpty();
	}

	private static List<String> cspViolations() {
		return consoleMessages().stream().filter((message) -> message.contains("Content Security Policy")).toList();
	}

}

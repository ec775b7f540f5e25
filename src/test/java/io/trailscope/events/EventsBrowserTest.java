package io.trailscope.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.trailscope.BrowserTestSupport;
import io.trailscope.ingest.IngestService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;

import org.springframework.beans.factory.annotation.Autowired;
import java.time.temporal.ChronoUnit;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.Select;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The investigation flow in headless Chromium under the real CSP: type a query, see
 * results, click a facet, open an event, click a value to filter, and find the export
 * links carrying the filter. With {@code -Dtrailscope.screenshots=DIR} it leaves
 * screenshots of each step there.
 */
class EventsBrowserTest extends BrowserTestSupport {

	private static TestTrail trail;

	private static TestTrail.Rec run;

	@Autowired
	IngestService ingest;

	@BeforeEach
	void load() {
		if (trail != null) {
			return;
		}
		trail = new TestTrail();
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		run = trail.add("RunInstances", now.minus(Duration.ofMinutes(3)))
			.assumedRole(trail.account, "Admin", "alice", "ASIABROWSERTEST")
			.set("requestParameters.instanceType", "m5.24xlarge-" + trail.tag)
			.failed("Client.UnauthorizedOperation", "You are not authorized to perform this operation.");
		trail.add("ConsoleLogin", now.minus(Duration.ofMinutes(8)))
			.set("eventSource", "signin.amazonaws.com")
			.set("eventType", "AwsConsoleSignIn");
		for (int i = 0; i < 20; i++) {
			trail.add(i % 2 == 0 ? "DescribeInstances" : "ListBuckets", now.minus(Duration.ofMinutes(10 + i * 7)))
				.set("eventSource", i % 2 == 0 ? "ec2.amazonaws.com" : "s3.amazonaws.com");
		}
		trail.load(this.ingest);
	}

	@Test
	void investigatesFromQueryToEventAndBack() {
		signIn(VIEWER, VIEWER_PASSWORD);
		open("/events");
		WebElement box = find("#q");
		box.sendKeys("recipientAccountId:" + trail.account + " eventName:RunInstances");
		await(driver -> driver.getCurrentUrl().contains("RunInstances") ? true : null);
		await(driver -> rows().size() == 1 ? true : null);
		assertThat(rows().get(0).getText()).contains("RunInstances").contains("Client.UnauthorizedOperation");
		assertThat(find("#q").equals(browser.switchTo().activeElement())).as("the box keeps its focus").isTrue();
		screenshot("1-query");

		box.clear();
		box.sendKeys("recipientAccountId:" + trail.account);
		await(driver -> rows().size() == 22 ? true : null);
		screenshot("2-facets");
		await(driver -> {
			// the facets load after the table and may be swapped in while we look
			try {
				WebElement facet = driver.findElements(By.cssSelector(".facet[data-facet=name] a.include"))
					.stream()
					.filter(a -> a.getText().equals("ConsoleLogin"))
					.findFirst()
					.orElse(null);
				if (facet == null) {
					return null;
				}
				facet.click();
				return true;
			}
			catch (StaleElementReferenceException ex) {
				return null;
			}
		});
		await(driver -> driver.getCurrentUrl().contains("name=ConsoleLogin") ? true : null);
		await(driver -> rows().size() == 1 ? true : null);
		assertThat(find(".chips .chip").getText()).contains("Event name = ConsoleLogin");
		assertThat(find("a.export-csv").getAttribute("href")).contains("name=ConsoleLogin")
			.contains("recipientAccountId%3A" + trail.account);
		assertThat(find("a.export-jsonl").getAttribute("href")).contains("/events/export.jsonl?");

		open("/events?q=recipientAccountId:" + trail.account + "&name=RunInstances");
		find("table.results a.event-link").click();
		await(driver -> driver.getCurrentUrl().contains("/events/" + run.id + "#copy-" + trail.account) ? true : null);
		assertThat(find("main h1").getText()).contains("RunInstances");
		assertThat(find("dl.summary").getText()).contains("Admin/alice").contains("Client.UnauthorizedOperation");
		screenshot("3-event");
		WebElement include = await(driver -> driver.findElements(By.cssSelector(".json-leaf"))
			.stream()
			.filter(leaf -> leaf.getText().contains("m5.24xlarge-" + trail.tag))
			.map(leaf -> leaf.findElement(By.cssSelector("a.include")))
			.findFirst()
			.orElse(null));
		include.click();
		await(driver -> driver.getCurrentUrl().contains("/events?q=") ? true : null);
		assertThat(find("#q").getAttribute("value"))
			.isEqualTo("requestParameters.instanceType:\"m5.24xlarge-" + trail.tag + "\"");
		await(driver -> rows().size() == 1 ? true : null);
		assertThat(rows().get(0).getText()).contains("RunInstances");
		screenshot("4-value");
		assertThat(cspViolations()).isEmpty();
	}

	@Test
	void showsAMalformedQueryWithoutBreakingThePage() {
		signIn(VIEWER, VIEWER_PASSWORD);
		open("/events?q=recipientAccountId:" + trail.account);
		WebElement box = find("#q");
		box.sendKeys(" AND (");
		WebElement alert = find(".query-error");
		assertThat(alert.getText()).contains("^");
		box.sendKeys(Character.toString(0x8) + Character.toString(0x8) + Character.toString(0x8)
				+ Character.toString(0x8) + Character.toString(0x8) + Character.toString(0x8));
		await(driver -> driver.findElements(By.cssSelector(".query-error")).isEmpty() && rows().size() == 22 ? true
				: null);
		assertThat(cspViolations()).isEmpty();
	}

	@Test
	void keepsTheFormInStepWithChipsAndTheRange() {
		signIn(VIEWER, VIEWER_PASSWORD);
		open("/events?account=" + trail.account + "&not.name=ListBuckets&from=now-2d&to=now");
		assertThat(find("details.filters").getAttribute("open")).isNotNull();
		assertThat(find("input[name='not.name']").getAttribute("value")).isEqualTo("ListBuckets");
		await(driver -> rows().size() == 12 ? true : null);
		screenshot("5-filters");
		WebElement added = browser.findElements(By.cssSelector("input[name='not.name']")).get(1);
		added.sendKeys("DescribeInstances");
		added.sendKeys(Keys.ENTER);
		await(driver -> driver.getCurrentUrl().contains("not.name=DescribeInstances") ? true : null);
		await(driver -> rows().size() == 2 ? true : null);
		new Select(find("select.range-select")).selectByValue("7d");
		await(driver -> driver.getCurrentUrl().contains("range=7d") && !driver.getCurrentUrl().contains("from=") ? true
				: null);
		find(".chips .chip a.remove").click();
		await(driver -> !driver.getCurrentUrl().contains("account=") ? true : null);
		assertThat(browser.findElements(By.cssSelector("input[name=account]")).get(0).getAttribute("value")).isEmpty();
		browser.navigate().back();
		await(driver -> driver.getCurrentUrl().contains("account=" + trail.account) ? true : null);
		await(driver -> rows().size() == 2 ? true : null);
		assertThat(cspViolations()).isEmpty();
	}

	private static List<WebElement> rows() {
		return browser.findElements(By.cssSelector("table.results tbody tr:not(.load-more)"));
	}

	private static List<String> cspViolations() {
		return consoleMessages().stream().filter(m -> m.contains("Content Security Policy")).toList();
	}

	private static void screenshot(String name) {
		String dir = System.getProperty("trailscope.screenshots");
		if (dir == null || dir.isBlank()) {
			return;
		}
		try {
			Path target = Path.of(dir, name + ".png");
			Files.createDirectories(target.getParent());
			Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), target,
					StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}

package io.trailscope.overview;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.trailscope.BrowserTestSupport;
import io.trailscope.events.TestTrail;
import io.trailscope.ingest.IngestService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The overview in headless Chromium under the real CSP, at 1280 × 800: its parts load by
 * themselves, a click on a number lands on the search that counts as many, nothing
 * overflows the window and nothing is logged to the console. The trail lies on a day of
 * its own long ago, which the page is opened on.
 */
class OverviewBrowserTest extends BrowserTestSupport {

	private static TestTrail trail;

	private static String period;

	@Autowired
	IngestService ingest;

	@BeforeEach
	void load() {
		if (trail != null) {
			return;
		}
		trail = new TestTrail();
		LocalDate day = LocalDate.ofInstant(TestTrail.dayOfItsOwn(1995, 5), ZoneOffset.UTC);
		period = "from=" + day + "&to=" + day;
		Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
		for (int i = 0; i < 4; i++) {
			trail.add("DescribeInstances", start.plusSeconds(600L * i)).set("userIdentity.type", "Root");
		}
		trail.add("StopLogging", start.plusSeconds(9000)).set("eventSource", "cloudtrail.amazonaws.com");
		for (int i = 0; i < 12; i++) {
			trail.add("ListBuckets", start.plusSeconds(3600L * (i + 3)))
				.set("eventSource", "s3.amazonaws.com")
				.set("awsRegion", i % 3 == 0 ? "eu-west-1" : "us-east-1");
		}
		trail.load(this.ingest);
	}

	@Test
	void everyNumberClickedLandsOnASearchOfAsManyEvents() {
		browser.manage().window().setSize(new Dimension(1280, 800));
		signIn(VIEWER, VIEWER_PASSWORD);
		consoleMessages();
		openOverview();
		assertThat(find(".overview .query-box").getAttribute("name")).isEqualTo("q");
		assertThat(script("return document.documentElement.scrollWidth <= window.innerWidth"))
			.as("no horizontal overflow at 1280 px")
			.isEqualTo(true);

		List<String[]> numbers = new ArrayList<>();
		for (WebElement link : browser.findElements(
				By.cssSelector(".overview .notable a.n, .overview a.period-total, .overview .ranking a.ranked"))) {
			String text = link.getTagName().equals("a") && link.getAttribute("class").contains("ranked")
					? link.findElement(By.cssSelector(".n")).getText() : link.getText();
			numbers.add(new String[] { link.getAttribute("href"), text.strip() });
		}
		assertThat(numbers).hasSizeGreaterThan(10);
		assertThat(find("[data-notable=root-activity] a.n").getText()).isEqualTo("4");
		assertThat(find("[data-notable=cloudtrail-tampering] a.n").getText()).isEqualTo("1");
		assertThat(find("a.period-total").getText()).isEqualTo("17");

		// a click on a number: the search it opens counts as many
		for (String css : List.of("[data-notable=root-activity] a.n", "a.period-total",
				".ranking[data-ranking=region] a.ranked")) {
			openOverview();
			WebElement number = find(css);
			String shown = number.getAttribute("class").contains("ranked")
					? number.findElement(By.cssSelector(".n")).getText() : number.getText();
			number.click();
			await(driver -> driver.getCurrentUrl().contains("/events?") ? true : null);
			assertThat(count()).as(css).isEqualTo(shown.strip());
		}
		// every other number links to a search of as many events too: the links are the
		// same HTML, and OverviewIntegrationTest follows each of them
		assertThat(numbers).allSatisfy(number -> assertThat(number[0]).contains("/events?"));
		assertThat(consoleMessages()).isEmpty();
	}

	private void openOverview() {
		open("/?" + period);
		await(driver -> driver.findElements(By.cssSelector(".overview .loading")).isEmpty()
				&& !driver.findElements(By.cssSelector(".overview .notable .notables")).isEmpty() ? true : null);
	}

	/** The number of the count on the events page ("17 events" → "17"). */
	private String count() {
		return find(".summary .count").getText().replaceAll(" events?$", "");
	}

	private Object script(String code) {
		return ((JavascriptExecutor) browser).executeScript(code);
	}

}

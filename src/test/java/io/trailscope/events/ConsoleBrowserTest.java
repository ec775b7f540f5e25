package io.trailscope.events;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.trailscope.BrowserTestSupport;
import io.trailscope.ingest.IngestService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console as an analyst uses it, in headless Chromium under the real CSP: the query
 * box's suggestions chosen by keyboard, the field list adding a column and a filter,
 * comparing two events, the theme remembered, and pages that fit a 1280 × 800 window
 * without a console error. The trail lies in a day of its own.
 */
class ConsoleBrowserTest extends BrowserTestSupport {

	private static TestTrail trail;

	private static Instant day;

	@Autowired
	IngestService ingest;

	@BeforeEach
	void load() {
		browser.manage().window().setSize(new Dimension(1280, 800));
		if (trail != null) {
			return;
		}
		trail = new TestTrail();
		day = TestTrail.dayOfItsOwn(2014, 1);
		for (int i = 0; i < 6; i++) {
			trail.add("PutGadget" + trail.tag, day.plus(Duration.ofMinutes(10 + i)))
				.set("requestParameters.gadgetName", (i < 4) ? "alpha" : "beta")
				.set("sourceIPAddress", "198.51.100." + i)
				.set("userIdentity.arn", "arn:aws:iam::" + trail.account + ":user/a-rather-long-user-name-" + i);
		}
		trail.add("GetGadget" + trail.tag, day.plus(Duration.ofMinutes(30)))
			.set("eventSource", "dynamodb.amazonaws.com");
		trail.load(this.ingest);
	}

	@Test
	void suggestsAFieldAndThenItsValuesChosenByKeyboard() {
		signIn(VIEWER, VIEWER_PASSWORD);
		open("/events?" + window());
		find("table.results");
		browser.findElement(By.tagName("body")).sendKeys("/");
		WebElement box = find("#q");
		assertThat(box).isEqualTo(browser.switchTo().activeElement());
		assertThat(box.getAttribute("role")).isEqualTo("combobox");

		box.sendKeys("eventN");
		await(driver -> "true".equals(box.getAttribute("aria-expanded")) ? true : null);
		// the list drawn on focus is redrawn for what was typed
		await(driver -> optionTexts().size() == 1 && optionTexts().get(0).startsWith("eventName") ? true : null);
		assertThat(optionTexts().get(0)).contains("The API call");
		box.sendKeys(Keys.TAB);
		await(driver -> box.getAttribute("value").equals("eventName:") ? true : null);

		// the field's values follow at once, the most frequent first
		await(driver -> optionTexts().size() >= 2 && optionTexts().get(0).startsWith("PutGadget") ? true : null);
		box.sendKeys("Get");
		await(driver -> !optionTexts().isEmpty() && optionTexts().get(0).startsWith("GetGadget" + trail.tag) ? true
				: null);
		box.sendKeys(Keys.ARROW_DOWN);
		assertThat(box.getAttribute("aria-activedescendant")).isEqualTo(options().get(0).getAttribute("id"));
		assertThat(options().get(0).getAttribute("aria-selected")).isEqualTo("true");
		box.sendKeys(Keys.ENTER);
		await(driver -> box.getAttribute("value").equals("eventName:GetGadget" + trail.tag + " ") ? true : null);
		assertThat(box.getAttribute("aria-expanded")).isEqualTo("false");
		await(driver -> driver.getCurrentUrl().contains("GetGadget") && rows().size() == 1 ? true : null);

		box.sendKeys("req");
		await(driver -> "true".equals(box.getAttribute("aria-expanded")) ? true : null);
		box.sendKeys(Keys.ESCAPE);
		assertThat(box.getAttribute("aria-expanded")).isEqualTo("false");
		assertThat(box.getAttribute("value")).endsWith("req");
		assertNoConsoleErrors();
	}

	@Test
	void theFieldListAddsAColumnAndAFilter() {
		signIn(VIEWER, VIEWER_PASSWORD);
		open("/events?q=eventName:PutGadget" + trail.tag + "&" + window());
		WebElement field = find("section.field-list li.field [title='requestParameters.gadgetName']");
		field.click();
		await(driver -> driver.findElements(By.cssSelector("section.field-list .field-values li")).size() == 2 ? true
				: null);
		assertThat(valueNames()).containsExactly("alpha", "beta");

		find("section.field-list .field-values a.add-column").click();
		await(driver -> driver.getCurrentUrl().contains("col=requestParameters.gadgetName") ? true : null);
		await(driver -> headers().contains("requestParameters.gadgetName") ? true : null);

		find("section.field-list li.field [title='requestParameters.gadgetName']").click();
		await(driver -> valueNames().size() == 2 ? true : null);
		browser.findElement(By.cssSelector("section.field-list .field-values a.include")).click();
		await(driver -> driver.getCurrentUrl().contains("gadgetName%3Aalpha") && rows().size() == 4 ? true : null);
		assertNoConsoleErrors();
	}

	@Test
	void comparesTwoTickedEvents() {
		signIn(VIEWER, VIEWER_PASSWORD);
		open("/events?q=eventName:PutGadget" + trail.tag + "&" + window());
		WebElement compare = find("#compare-form button");
		assertThat(compare.isEnabled()).isFalse();
		List<WebElement> picks = browser.findElements(By.cssSelector("table.results td.pick input"));
		picks.get(0).click();
		picks.get(1).click();
		await(driver -> compare.isEnabled() ? true : null);
		assertThat(compare.getText()).isEqualTo("Compare 2");
		compare.click();
		await(driver -> driver.getCurrentUrl().contains("/events/compare") ? true : null);
		assertThat(find("table.comparison tr.differs th[title=sourceIPAddress]").getText())
			.isEqualTo("sourceIPAddress");
		assertThat(browser.getTitle()).isEqualTo("Compare 2 events · Trailscope");
		assertNoHorizontalOverflow();
		assertNoConsoleErrors();
	}

	@Test
	void theThemeChosenIsRememberedAcrossPages() {
		signIn(VIEWER, VIEWER_PASSWORD);
		open("/events?" + window());
		String before = theme();
		find("#theme-toggle").click();
		String chosen = "dark".equals(before) ? "light" : "dark";
		await(driver -> chosen.equals(theme()) ? true : null);
		open("/sessions");
		assertThat(theme()).isEqualTo(chosen);
		find("#theme-toggle").click();
		await(driver -> !chosen.equals(theme()) ? true : null);
	}

	@Test
	void thePagesFitTheWindowWithoutAConsoleError() {
		signIn(VIEWER, VIEWER_PASSWORD);
		open("/events?" + window() + "&col=time&col=who&col=event&col=source&col=region&col=account&col=ip"
				+ "&col=agent&col=error&col=key&col=identity&col=userIdentity.arn");
		find("section.field-list h2");
		find(".histogram svg");
		find("aside.facets");
		assertNoHorizontalOverflow();
		assertNoConsoleErrors();
		assertThat(browser.getTitle()).startsWith("Events · " + day).endsWith("· Trailscope");

		open("/events/" + browser.findElement(By.cssSelector("table.results a.event-link"))
			.getAttribute("href")
			.replaceAll(".*/events/", "")
			.replaceAll("#.*", ""));
		find("dl.summary");
		assertNoHorizontalOverflow();
		assertNoConsoleErrors();

		open("/events/stats?by=userIdentity.arn,sourceIPAddress&" + window());
		find("table.groups");
		assertNoHorizontalOverflow();
		assertNoConsoleErrors();

		open("/events/help");
		find("main h1");
		assertNoHorizontalOverflow();
		assertNoConsoleErrors();
	}

	private static void assertNoHorizontalOverflow() {
		Object overflow = ((JavascriptExecutor) browser)
			.executeScript("return document.documentElement.scrollWidth - window.innerWidth;");
		assertThat(((Number) overflow).longValue()).as("horizontal overflow of %s", browser.getCurrentUrl())
			.isLessThanOrEqualTo(0);
	}

	private static void assertNoConsoleErrors() {
		assertThat(consoleMessages()).as("console of %s", browser.getCurrentUrl())
			.noneMatch(message -> message.contains("Content Security Policy") || message.contains("Failed to load")
					|| message.contains("Uncaught"));
	}

	private static String theme() {
		return (String) ((JavascriptExecutor) browser)
			.executeScript("return document.documentElement.getAttribute('data-theme');");
	}

	private static List<WebElement> options() {
		return browser.findElements(By.cssSelector("ul.suggestions[role=listbox] li[role=option]"));
	}

	/** The options' texts; none while the list is being redrawn. */
	private static List<String> optionTexts() {
		try {
			return options().stream().map(WebElement::getText).toList();
		}
		catch (StaleElementReferenceException ex) {
			return List.of();
		}
	}

	private static List<String> valueNames() {
		return browser.findElements(By.cssSelector("section.field-list .field-values a.include"))
			.stream()
			.map(WebElement::getText)
			.toList();
	}

	private static List<String> headers() {
		return browser.findElements(By.cssSelector("table.results thead th"))
			.stream()
			.map(WebElement::getText)
			.toList();
	}

	private static List<WebElement> rows() {
		return browser.findElements(By.cssSelector("table.results tbody tr:not(.load-more)"));
	}

	private static String window() {
		return "from=" + day + "&to=" + day.plus(Duration.ofDays(1));
	}

}

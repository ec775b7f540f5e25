package io.trailscope.events;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.trailscope.BrowserTestSupport;
import io.trailscope.ingest.IngestService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.doAnswer;

/**
 * The search page in a browser while its aggregations are slow: the rows are there at
 * once, the facets and the histogram say they are loading, and they fill in when their
 * answers come.
 */
class AggregationsBrowserTest extends BrowserTestSupport {

	/** Holds the aggregations back until the test has seen the rows. */
	private static volatile CountDownLatch release = new CountDownLatch(1);

	@MockitoSpyBean
	Aggregations aggregations;

	@Autowired
	IngestService ingest;

	@AfterEach
	void letGo() {
		release.countDown();
	}

	@Test
	void showsTheResultsWhileTheAggregationsAreStillLoading() throws Exception {
		TestTrail trail = new TestTrail();
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		for (int i = 0; i < 12; i++) {
			trail.add(i % 3 == 0 ? "ConsoleLogin" : "ListBuckets", now.minus(Duration.ofMinutes(5 + i)));
		}
		trail.load(this.ingest);
		release = new CountDownLatch(1);
		doAnswer(invocation -> {
			release.await(20, TimeUnit.SECONDS);
			return invocation.callRealMethod();
		}).when(this.aggregations).facets(any(), anyInt());
		doAnswer(invocation -> {
			release.await(20, TimeUnit.SECONDS);
			return invocation.callRealMethod();
		}).when(this.aggregations).histogram(any(), any());

		signIn(VIEWER, VIEWER_PASSWORD);
		open("/events?account=" + trail.account);
		await(driver -> rows().size() == 12 ? true : null);
		WebElement facets = find(".facets.loading");
		assertThat(facets.getText()).contains("Counting the top values");
		assertThat(find(".histogram.loading").getText()).contains("Counting events over time");

		release.countDown();
		WebElement name = find(".facet[data-facet=name]");
		assertThat(name.getText()).contains("ListBuckets").contains("ConsoleLogin");
		find(".histogram-chart");
		assertThat(browser.findElements(By.cssSelector(".loading"))).isEmpty();
		assertThat(find(".facets .basis").getText()).contains("Exact counts");
		assertThat(consoleMessages()).noneMatch(message -> message.contains("SEVERE"));
	}

	private static List<WebElement> rows() {
		return browser.findElements(By.cssSelector("table.results tbody tr:not(.load-more)"));
	}

}

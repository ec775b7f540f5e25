package io.trailscope.ingest.console;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

import io.trailscope.BrowserTestSupport;
import io.trailscope.ingest.CloudTrailFiles;

import static org.assertj.core.api.Assertions.assertThat;

class IngestPageBrowserTest extends BrowserTestSupport {

	@TempDir
	Path temp;

	@Test
	void uploadsAFileThroughTheFormAndShowsItLoaded() throws Exception {
		String name = "browser-" + UUID.randomUUID().toString().substring(0, 8) + ".json.gz";
		Path file = this.temp.resolve(name);
		Files.write(file, CloudTrailFiles.gzip(CloudTrailFiles
			.trail(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), "browser-" + UUID.randomUUID())));
		signIn(ADMIN, ADMIN_PASSWORD);
		open("/ingest");
		find("#upload-form input[type=file]").sendKeys(file.toAbsolutePath().toString());
		find("#upload-form button[type=submit]").click();

		await((driver) -> driver.getCurrentUrl().contains("/ingest?job="));
		await((driver) -> driver.findElements(By.cssSelector(".job.focus.state-done")).size() == 1);
		assertThat(find(".job.focus .files").getText()).isEqualTo("1 of 1 files");
		assertThat(find(".job.focus .events").getText()).isEqualTo("1 new events");
		await((driver) -> driver.findElements(By.cssSelector(".ingest-latest tbody tr"))
			.stream()
			.anyMatch((row) -> row.getText().contains(name) && row.getText().contains("LOADED")));
		assertThat(cspViolations()).isEmpty();
	}

	@Test
	void uploadsThroughThePlainFormWithoutHtmx() throws Exception {
		String name = "plain-" + UUID.randomUUID().toString().substring(0, 8) + ".json";
		Path file = this.temp.resolve(name);
		Files.writeString(file, CloudTrailFiles.trail(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
				"plain-" + UUID.randomUUID()));
		signIn(ADMIN, ADMIN_PASSWORD);
		open("/ingest");
		// a copy of the form that htmx has not seen: the browser posts it natively, with
		// the CSRF field
		((JavascriptExecutor) browser).executeScript("""
				const copy = document.getElementById('upload-form').cloneNode(true);
				copy.id = 'plain-upload';
				copy.removeAttribute('hx-post');
				document.querySelector('main').append(copy);
				""");
		find("#plain-upload input[type=file]").sendKeys(file.toAbsolutePath().toString());
		find("#plain-upload button[type=submit]").click();

		await((driver) -> driver.getCurrentUrl().contains("/ingest?job="));
		await((driver) -> driver.findElements(By.cssSelector(".job.focus.state-done")).size() == 1);
		assertThat(find(".job.focus .files").getText()).isEqualTo("1 of 1 files");
	}

	private static List<String> cspViolations() {
		return consoleMessages().stream().filter((message) -> message.contains("Content Security Policy")).toList();
	}

}

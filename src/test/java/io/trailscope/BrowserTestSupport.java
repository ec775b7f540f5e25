package io.trailscope;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Base of the browser tests: the whole application on a random port, driven by a headless
 * Chromium through chromedriver. Uses the installed browser and driver
 * ({@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} unless the system
 * properties {@code trailscope.chromium} / {@code webdriver.chrome.driver} or the
 * environment variables {@code CHROMIUM} / {@code CHROMEDRIVER} say otherwise) and never
 * downloads one: without them the tests are skipped. Tagged {@code browser}, so
 * {@code -DexcludedGroups=browser} leaves them out.
 */
@TrailscopeServerTest
@Tag("browser")
public abstract class BrowserTestSupport {

	/** The users of the test profile. */
	protected static final String VIEWER = "viewer";

	protected static final String VIEWER_PASSWORD = "viewer-password";

	protected static final String ADMIN = "admin";

	protected static final String ADMIN_PASSWORD = "admin-password";

	protected static final Duration WAIT = Duration.ofSeconds(10);

	private static final Path CHROMIUM = location("trailscope.chromium", "CHROMIUM", "/usr/bin/chromium");

	private static final Path CHROMEDRIVER = location("webdriver.chrome.driver", "CHROMEDRIVER",
			"/usr/bin/chromedriver");

	@TempDir
	static Path profile;

	protected static WebDriver browser;

	@LocalServerPort
	protected int port;

	@BeforeAll
	static void startBrowser() {
		if (!isInstalled()) {
			return;
		}
		System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
				"--disable-dev-shm-usage", "--no-first-run", "--window-size=1280,1000",
				"--user-data-dir=" + profile.toAbsolutePath());
		LoggingPreferences logging = new LoggingPreferences();
		logging.enable(LogType.BROWSER, Level.ALL);
		options.setCapability("goog:loggingPrefs", logging);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		browser = new ChromeDriver(service, options);
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.quit();
			browser = null;
		}
	}

	@BeforeEach
	void signedOut() {
		assumeTrue(browser != null, "Browser test skipped: no Chromium at " + CHROMIUM + " or chromedriver at "
				+ CHROMEDRIVER + " (install the chromium and chromium-driver packages)");
		browser.manage().deleteAllCookies();
		consoleMessages();
	}

	protected String url(String path) {
		return "http://localhost:" + this.port + path;
	}

	protected void open(String path) {
		browser.get(url(path));
	}

	/** Signs in through the form and waits for the page it leads to. */
	protected void signIn(String user, String password) {
		open("/login");
		browser.findElement(By.id("username")).sendKeys(user);
		browser.findElement(By.id("password")).sendKeys(password);
		String before = browser.getCurrentUrl();
		browser.findElement(By.cssSelector(".sign-in-form button[type=submit]")).click();
		await((driver) -> !driver.getCurrentUrl().equals(before));
	}

	protected WebElement find(String css) {
		return await((driver) -> {
			List<WebElement> found = driver.findElements(By.cssSelector(css));
			return found.isEmpty() ? null : found.get(0);
		});
	}

	protected <T> T await(Function<WebDriver, T> condition) {
		return new WebDriverWait(browser, WAIT).until(condition::apply);
	}

	/**
	 * The console messages since the last call (Chromium reports CSP violations there).
	 */
	protected static List<String> consoleMessages() {
		return browser.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage).toList();
	}

	private static boolean isInstalled() {
		return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
	}

	private static Path location(String property, String variable, String otherwise) {
		String value = System.getProperty(property);
		if (value == null || value.isBlank()) {
			value = System.getenv(variable);
		}
		return Path.of((value == null || value.isBlank()) ? otherwise : value);
	}

}

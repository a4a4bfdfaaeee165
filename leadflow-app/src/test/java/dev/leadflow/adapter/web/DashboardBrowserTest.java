package dev.leadflow.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.Prerequisites;
import dev.leadflow.lifecycle.Stage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium (installed by {@code .ci/run}): log in, read the
 * funnel, open a lead and read its ledger, accept and reject from the queue, and a sales rep kept
 * from another rep's leads. Each page's screenshot is saved under {@code target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("The dashboard in a real browser")
class DashboardBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @TempDir
    Path dir;

    private DashboardFixture fixture;
    private ChromeDriverService service;
    private WebDriver browser;

    @BeforeAll
    void startBrowser() throws Exception {
        Prerequisites.require(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Chromium and its driver are needed: apt-get install -y chromium chromium-driver (.ci/run does)");
        Path home = Files.createDirectories(Path.of("target", "chromium").toAbsolutePath());
        Files.createDirectories(SCREENSHOTS);
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withEnvironment(Map.of(
                        "XDG_CONFIG_HOME",
                        home.resolve("config").toString(),
                        "XDG_CACHE_HOME",
                        home.resolve("cache").toString(),
                        "TMPDIR",
                        home.toString(),
                        "HOME",
                        home.toString()))
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--window-size=1280,1100",
                "--user-data-dir=" + Files.createTempDirectory(home, "profile"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.stop();
        }
    }

    @BeforeEach
    void startServer() throws Exception {
        fixture = new DashboardFixture(dir);
    }

    @AfterEach
    void stopServer() {
        List<String> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogEntry::getMessage)
                .filter(m -> !m.contains("favicon.ico") && !m.contains("the server responded with a status of 4"))
                .toList();
        browser.manage().deleteAllCookies();
        fixture.close();
        assertThat(errors)
                .as("the browser's console: no script error, no Content-Security-Policy violation")
                .isEmpty();
    }

    private void logIn(String user) {
        browser.get(fixture.url("/login"));
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(DashboardFixture.PASSWORD);
        browser.findElement(By.id("login")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(b -> !b.getCurrentUrl().contains("/login"));
        assertThat(browser.findElement(By.id("who")).getText()).startsWith(user);
    }

    private void screenshot(String name) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private List<String> column(String table, int index) {
        return browser.findElements(By.cssSelector("#" + table + " tbody tr")).stream()
                .map(r -> r.findElements(By.tagName("td")).get(index).getText())
                .toList();
    }

    @Test
    @DisplayName("an admin logs in and reads the funnel, drawn as charts, and MQLs by source")
    void funnel() throws Exception {
        browser.get(fixture.url("/"));
        assertThat(browser.getCurrentUrl()).contains("/login?next=");
        screenshot("login");
        logIn("ada");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Funnel");
        assertThat(column("funnel", 0)).containsExactly("Lead", "MQL", "SAL", "SQL", "Opportunity", "Customer");
        assertThat(column("funnel", 1)).containsExactly("4", "4", "0", "0", "0", "0");
        assertThat(column("funnel", 2).get(1)).isEqualTo("100.0%");
        assertThat(column("sources", 0)).containsExactly("google", "linkedin");
        assertThat(column("sla", 0)).containsExactly("ann", "bob", "all");
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(b -> "yes"
                        .equals(((JavascriptExecutor) b)
                                .executeScript("return document.getElementById('funnel-chart').dataset.drawn")));
        screenshot("overview");
        ((JavascriptExecutor) browser).executeScript("console.error('probe: the console is read')");
        assertThat(browser.manage().logs().get(LogType.BROWSER).getAll())
                .as("the check after each test can see errors")
                .anySatisfy(e -> assertThat(e.getMessage()).contains("probe: the console is read"));
    }

    @Test
    @DisplayName("marketing finds a lead by search and reads why it is an MQL, rule by rule, and its timeline")
    void leadLedger() throws Exception {
        logIn("mia");
        browser.findElement(By.linkText("Leads")).click();
        assertThat(browser.findElement(By.id("total")).getText()).isEqualTo("4");
        WebElement q = browser.findElement(By.id("q"));
        q.sendKeys("Ute"); // no submit: htmx asks as one types, and swaps the results in
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(b -> b.findElement(By.id("total")).getText().equals("1"));
        assertThat(browser.getCurrentUrl()).as("the address follows the search").contains("q=Ute");
        screenshot("leads");
        browser.findElement(By.linkText("Ute Cole")).click();
        assertThat(browser.findElement(By.id("lead-name")).getText()).isEqualTo("Ute Cole");
        assertThat(browser.findElement(By.id("stage")).getText()).isEqualTo("mql");
        assertThat(browser.findElement(By.id("why")).getText()).startsWith("Became an MQL");
        assertThat(column("ledger", 0)).containsExactlyInAnyOrder("mid-market", "paid-search-visit");
        assertThat(column("ledger", 3))
                .as("the records named, not their message ids")
                .allSatisfy(label -> assertThat(label).matches("(page|identify|group|session started|[a-z_]+).*"))
                .anySatisfy(label -> assertThat(label).startsWith("page"));
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(b -> "yes"
                        .equals(((JavascriptExecutor) b)
                                .executeScript("return document.getElementById('score-chart').dataset.drawn")));
        assertThat(column("timeline", 1)).contains("page", "identify", "track", "stage", "hand-off");
        assertThat(browser.findElement(By.id("owner")).getText()).startsWith("ann");
        assertThat(browser.findElements(By.cssSelector("button[data-action]")))
                .as("marketing does not act")
                .isEmpty();
        screenshot("lead");
    }

    @Test
    @DisplayName("a rep accepts one lead and rejects another with a reason from their queue")
    void queueActions() throws Exception {
        logIn("ann");
        assertThat(browser.getCurrentUrl()).endsWith("/queue");
        assertThat(browser.findElements(By.cssSelector("article.item")).stream().map(e -> e.getAttribute("data-lead")))
                .containsExactly("u1", "u3");
        screenshot("queue");
        browser.findElement(By.cssSelector("#item-u1 button[data-action='accept']"))
                .click();
        assertThat(flashAfter("u1")).contains("u1", "accept done", "now sal");
        assertThat(fixture.server
                        .live()
                        .leadQueries()
                        .lead("u1", fixture.clock.millis())
                        .orElseThrow()
                        .stage())
                .isEqualTo(Stage.SAL);

        new Select(browser.findElement(By.cssSelector("#item-u3 select[name='reason']"))).selectByValue("premature");
        browser.findElement(By.cssSelector("#item-u3 button[data-action='reject']"))
                .click();
        assertThat(flashAfter("u3")).contains("u3", "reject done", "now recycled");
        assertThat(fixture.server
                        .live()
                        .leadQueries()
                        .lead("u3", fixture.clock.millis())
                        .orElseThrow()
                        .stage())
                .isEqualTo(Stage.RECYCLED);
        assertThat(browser.findElements(By.cssSelector("article.item")).stream().map(e -> e.getAttribute("data-lead")))
                .containsExactly("u1");
        screenshot("queue-after");
    }

    /**
     * The flash message of the page a form post led to, once it names {@code lead}: the page before
     * the post may still be the one shown when the click returns.
     */
    private String flashAfter(String lead) {
        return new WebDriverWait(browser, Duration.ofSeconds(10))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(b -> {
                    List<WebElement> flash = b.findElements(By.id("flash"));
                    String text = flash.isEmpty() ? "" : flash.getFirst().getText();
                    return text.contains(lead) ? text : null;
                });
    }

    @Test
    @DisplayName("a rep sees only their own leads: another rep's lead is not found, in the list or by its address")
    void repsOwnLeadsOnly() throws Exception {
        logIn("bob");
        browser.get(fixture.url("/leads"));
        assertThat(column("leads", 0)).containsExactlyInAnyOrder("Ugo Baker", "Uri Dunn");
        browser.get(fixture.url("/leads/u1"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
        assertThat(browser.getPageSource()).doesNotContain("Una Able");
        screenshot("other-reps-lead");
        browser.get(fixture.url("/queue?owner=ann"));
        assertThat(browser.findElements(By.cssSelector("article.item")).stream().map(e -> e.getAttribute("data-lead")))
                .containsExactly("u2", "u4");
        browser.get(fixture.url("/model"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Not for your role");
    }

    @Test
    @DisplayName("the model page shows the published model and validates a pasted draft, naming each error's path")
    void model() throws Exception {
        logIn("ada");
        browser.get(fixture.url("/model"));
        assertThat(browser.findElement(By.id("served")).getText()).isEqualTo("b2b-default@1");
        assertThat(browser.findElement(By.id("yaml")).getText())
                .startsWith("# ")
                .contains("name: b2b-default");
        assertThat(column("versions", 1)).containsExactly("b2b-default@1");
        assertThat(browser.findElement(By.id("draft")).getAttribute("value"))
                .as("the editor holds the published model")
                .contains("name: b2b-default");
        browser.findElement(By.id("draft")).clear();
        browser.findElement(By.id("draft")).sendKeys("name: broken\nfit:\n  - name: x\n    points: lots\n");
        browser.findElement(By.id("validate")).click();
        assertThat(browser.findElement(By.id("problems")).getText()).contains("fit[0]");
        screenshot("model");
    }

    @Test
    @DisplayName("the model lab: paste a draft, backtest it, see the charts and the leads it changes, publish it")
    void lab() throws Exception {
        String published = Files.readString(Path.of("..", "examples", "model.yaml"));
        String draft = published
                .replace("version: 1", "version: 2")
                .replace("  fast_lane:\n    - on: demo_requested\n    - on: contact_requested\n", "");
        logIn("mia");
        backtest(draft);
        assertThat(browser.findElements(By.id("publish")))
                .as("marketing backtests, admins publish")
                .isEmpty();
        browser.manage().deleteAllCookies();
        logIn("ada");
        backtest(draft);

        new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(b -> !b.findElements(By.id("lab-result")).isEmpty());
        assertThat(column("lab-summary", 0)).startsWith("MQLs", "Precision (reached SQL)");
        assertThat(column("lab-summary", 1).getFirst())
                .as("no fast lane: no MQLs")
                .isEqualTo("0");
        assertThat(column("lab-summary", 2).getFirst()).isEqualTo("4");
        assertThat(browser.findElement(By.id("changes")).getText()).contains("0 new MQLs, 4 lost");
        assertThat(column("lost-mqls", 0)).containsExactlyInAnyOrder("u1", "u2", "u3", "u4");
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(b -> b.findElements(By.cssSelector("canvas[data-chart]")).stream()
                        .allMatch(c -> "yes".equals(c.getAttribute("data-drawn"))));
        assertThat(browser.findElements(By.cssSelector("canvas.sweep-chart"))).hasSize(2);
        assertThat(browser.findElement(By.id("draft")).getAttribute("value")).isEqualTo(draft.replace("\r", ""));
        screenshot("lab");

        browser.findElement(By.cssSelector("#lost-mqls a")).getAttribute("href");
        browser.findElement(By.id("publish")).click();
        assertThat(browser.findElement(By.id("confirm-headline")).getText()).contains("0 MQLs instead of 4");
        assertThat(browser.findElement(By.id("diff")).getText())
                .contains("- version: 1", "+ version: 2", "-   fast_lane:", "-     - on: demo_requested");
        screenshot("lab-confirm");
        browser.findElement(By.id("confirm-publish")).click();
        assertThat(browser.findElement(By.id("flash")).getText()).startsWith("Published version 2: b2b-default@2");
        assertThat(browser.findElement(By.id("served")).getText()).isEqualTo("b2b-default@2");
    }

    /** Puts {@code draft} in the model page's editor and backtests it. */
    private void backtest(String draft) {
        browser.get(fixture.url("/model"));
        ((JavascriptExecutor) browser).executeScript("document.getElementById('draft').value = arguments[0]", draft);
        browser.findElement(By.id("backtest")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(b -> !b.findElements(By.id("lab-result")).isEmpty());
    }
}

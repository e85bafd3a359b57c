package io.fullscriptbridge.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fullscriptbridge.config.BrokerProperties;
import io.fullscriptbridge.simulator.FaultInjector;
import io.fullscriptbridge.simulator.FaultSettings;
import io.fullscriptbridge.support.AmqpClient;
import io.fullscriptbridge.support.BridgeIntegrationTest;
import jakarta.jms.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The console in headless Chromium, as an operator uses it: log in, watch the route counts move while messages
 * flow, find a poisoned message in the dead-letter view, replay it with its button, and see it answered on the
 * EHR's outbound queue and replayed in the journal. Debian's chromium and chromium-driver (.ci/run installs them).
 */
@BridgeIntegrationTest
class ConsoleBrowserTest {

    private static final String CREATE = "POST /api/clinic/patients";
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @LocalServerPort int port;
    @Autowired BrokerProperties broker;
    @Autowired FaultInjector faults;
    @Autowired ObjectMapper json;

    WebDriver browser;
    WebDriverWait wait;
    AmqpClient ehr;

    @BeforeEach
    void openBrowser() throws Exception {
        // CI installs both and requires the test (.ci/run sets BRIDGE_BROWSER_TEST=required); a developer machine
        // without them skips it rather than downloading a browser
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if ("required".equals(System.getenv("BRIDGE_BROWSER_TEST"))) {
            assertThat(installed).as("chromium and chromium-driver (apt-get install chromium chromium-driver)").isTrue();
        }
        Assumptions.assumeTrue(installed, "chromium and chromium-driver are not installed");
        faults.reset();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1600,1000");
        // the page's console messages, to see that the Content-Security-Policy blocked nothing (D66)
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        // the overview redraws its tables every 5 s: an element read just as it is replaced is looked up again
        wait = new WebDriverWait(browser, Duration.ofSeconds(40), Duration.ofMillis(200));
        wait.ignoring(StaleElementReferenceException.class);
        ehr = AmqpClient.as("demo", broker.resolvedPort());
    }

    @AfterEach
    void closeBrowser() throws Exception {
        faults.reset();
        if (browser != null) {
            browser.quit();
        }
        if (ehr != null) {
            ehr.close();
        }
    }

    @Test
    void anOperatorSeesCountsMoveAndReplaysADeadLetterWithTheButton() throws Exception {
        browser.get("http://localhost:" + port + "/");
        // a wrong password is refused on the page
        login("test-admin", "wrong");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"), "refused"));
        login("test-admin", "test-admin-password");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#routes tr[data-route='ehr-patient-sync']")));

        // counts move: two good messages through ehr-patient-sync
        long before = number(routeCell("ehr-patient-sync", "total"));
        send(upsert("MRN-" + UUID.randomUUID(), "Alan"));
        send(upsert("MRN-" + UUID.randomUUID(), "Joan"));
        wait.until(d -> afterRefresh(() -> number(routeCell("ehr-patient-sync", "total")) >= before + 2));
        wait.until(d -> "Started".equals(routeCell("ehr-patient-sync", "state").getText()));

        // a poisoned message: Fullscript keeps failing, the broker dead-letters it, the route shows current errors
        faults.configure(new FaultSettings(null, null, null, 1.0, 503, null, null, CREATE, null));
        String mrn = "MRN-" + UUID.randomUUID();
        String poisoned = send(upsert(mrn, "Grete"));
        wait.until(d -> afterRefresh(() -> number(routeCell("ehr-patient-sync", "errors")) >= 3));
        wait.until(d -> afterRefresh(() -> number(browser.findElement(By.cssSelector("#queues tr[data-queue='DLQ.ehr.inbound'] .depth"))) >= 1));

        browser.findElement(By.cssSelector("nav a[data-tab='dead-letters']")).click();
        WebElement messageIdFilter = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("dlq-message-id")));
        messageIdFilter.sendKeys(poisoned);
        browser.findElement(By.cssSelector("#dlq-filter button[type='submit']")).click();
        By row = By.cssSelector("#dead-letters tr[data-message-id='" + poisoned + "']");
        wait.until(ExpectedConditions.visibilityOfElementLocated(row));
        wait.until(d -> d.findElement(row).getText().contains("DEAD_LETTERED"));
        wait.until(d -> d.findElement(row).getText().contains("demo") && d.findElement(row).getText().contains("ehr.inbound.accepted")
                && d.findElement(row).getText().contains("fullscript_503"));
        assertThat(browser.findElement(By.tagName("body")).getText()).as("no body, no demographics unless asked").doesNotContain("Grete").doesNotContain(mrn);

        // the cause is gone; the operator replays it with the row's button
        faults.reset();
        // the table is redrawn every 5 s: a button replaced just before the click is looked up again (a stale click
        // did not happen)
        wait.until(d -> {
            d.findElement(row).findElement(By.cssSelector("button.replay")).click();
            return true;
        });
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "1 affected"));

        Message answer = ehr.receive("ehr.outbound.demo", "correlationId = '" + poisoned + "'", 30_000);
        assertThat(answer).as("answered on the outbound queue after the replay").isNotNull();
        assertThat(json.readTree(AmqpClient.text(answer)).path("type").asText()).isEqualTo("patient.linked");

        // the journal shows it answered, replayed once
        browser.findElement(By.cssSelector("nav a[data-tab='journal']")).click();
        WebElement journalFilter = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("journal-message-id")));
        journalFilter.sendKeys(poisoned);
        By inbound = By.cssSelector("#journal tr[data-message-id='" + poisoned + "'][data-direction='inbound']");
        await().atMost(Duration.ofSeconds(30)).ignoreException(StaleElementReferenceException.class).untilAsserted(() -> {
            browser.findElement(By.id("journal-search")).click();
            WebElement entry = wait.until(ExpectedConditions.visibilityOfElementLocated(inbound));
            assertThat(entry.findElement(By.cssSelector(".state")).getText()).isEqualTo("ANSWERED");
            assertThat(entry.findElement(By.cssSelector(".replays")).getText()).isEqualTo("1");
        });
        // the audit view names who replayed what
        browser.findElement(By.cssSelector("nav a[data-tab='audit']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit"), "dead_letter.replay"));
        assertThat(browser.findElement(By.id("audit")).getText()).contains("test-admin").contains(poisoned);

        // every other screen loads from its admin call without an error
        for (String screen : new String[] {"reviews", "connections", "parked-events"}) {
            browser.findElement(By.cssSelector("nav a[data-tab='" + screen + "']")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#" + screen + " tbody tr")));
            assertThat(browser.findElement(By.id("status")).getText()).as(screen).doesNotContain("failed");
            if (screen.equals("connections")) {
                assertThat(browser.findElement(By.id("connections")).getText()).contains("dr-bennett");
            }
        }
        // all of it under the console's Content-Security-Policy, which blocked nothing
        assertThat(browser.manage().logs().get(LogType.BROWSER).getAll()).extracting(LogEntry::getMessage)
                .noneMatch(m -> m.contains("Content Security Policy") || m.contains("Content-Security-Policy"));
    }

    private void login(String user, String password) {
        WebElement u = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        u.clear();
        u.sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("login")).click();
    }

    private WebElement routeCell(String routeId, String cls) {
        return browser.findElement(By.cssSelector("#routes tr[data-route='" + routeId + "'] ." + cls));
    }

    private static long number(WebElement cell) {
        try {
            return Long.parseLong(cell.getText().trim());
        } catch (NumberFormatException | org.openqa.selenium.StaleElementReferenceException e) {
            return -1;
        }
    }

    private String send(String body) throws Exception {
        String messageId = UUID.randomUUID().toString();
        ehr.send("ehr.inbound.demo", body, Map.of("tenant", "demo", "ehrUserId", "dr-bennett", "messageId", messageId));
        return messageId;
    }

    private static String upsert(String mrn, String firstName) {
        return "{\"type\":\"patient.upsert\",\"patient\":{\"id\":\"" + mrn + "\",\"firstName\":\"" + firstName
                + "\",\"lastName\":\"Turing\",\"email\":\"" + mrn.toLowerCase() + "@example.com\"}}";
    }

    private long lastRefresh;

    /**
     * The condition, after asking the page for fresh figures with its Refresh button at most once a second (instead of
     * waiting for the 5 s auto-refresh); the button is the operator's, so the test uses the page as they would.
     */
    private boolean afterRefresh(java.util.function.BooleanSupplier condition) {
        if (condition.getAsBoolean()) {
            return true;
        }
        long now = System.nanoTime();
        if (now - lastRefresh > 1_000_000_000L) {
            browser.findElement(By.id("refresh-now")).click();
            lastRefresh = now;
        }
        return false;
    }

}

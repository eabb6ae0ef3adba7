package io.kin.admin.ui.it;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in a real browser (headless Chromium) against a real admin API, broker node and PostgreSQL, with real
 * MQTT clients: what an operator does, end to end. Every page visited is saved as a PNG under target/screenshots.
 */
@QuarkusTest
@QuarkusTestResource(value = ConsoleStack.class, restrictToAnnotatedClass = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {

    private static final String VIEWER = "console-viewer";
    private static final String VIEWER_PASSWORD = "console-viewer-password";

    @TestHTTPResource("/")
    URL console;

    Browser browser;

    /** When this class began: the broker of {@link ConsoleStack} was up before, the console had read no figures. */
    java.time.Instant classStarted;

    @BeforeAll
    void openBrowser() throws Exception {
        classStarted = java.time.Instant.now();
        browser = new Browser(console.toString());
    }

    @AfterAll
    void closeBrowser() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private void signIn(String user, String password) {
        browser.driver().manage().deleteAllCookies();
        browser.open("/login");
        browser.type("#username", user);
        browser.type("#password", password);
        browser.click("#sign-in");
        browser.await(10, ExpectedConditions.textToBe(By.id("current-user"), user));
    }

    private void signInAsAdmin() {
        signIn(ConsoleStack.ADMIN, ConsoleStack.ADMIN_PASSWORD);
    }

    private Mqtt5BlockingClient mqtt(String id) {
        Mqtt5BlockingClient c = MqttClient.builder().useMqttVersion5().identifier(id).serverHost("127.0.0.1")
                .serverPort(ConsoleStack.broker.mqttPort()).buildBlocking();
        c.connect();
        return c;
    }

    private static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private String flash() {
        return browser.await(10, ExpectedConditions.visibilityOfElementLocated(By.id("flash"))).getText();
    }

    /** A number shown in an element that the live refresh may replace while it is read. */
    private long number(String css) {
        for (int attempt = 0; ; attempt++) {
            try {
                return Long.parseLong(browser.find(css).getText().replaceAll("[^0-9]", ""));
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    // ---- scenarios -------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    @DisplayName("a visitor is sent to the login page; a wrong password is refused there; the right one opens the dashboard")
    void signInOpensTheDashboard() throws Exception {
        browser.driver().manage().deleteAllCookies();
        browser.open("/clients");
        browser.await(10, ExpectedConditions.urlContains("/login"));
        browser.screenshot("01-login");
        browser.type("#username", ConsoleStack.ADMIN);
        browser.type("#password", "not-the-password");
        browser.click("#sign-in");
        assertThat(browser.await(10, ExpectedConditions.visibilityOfElementLocated(By.id("login-error"))).getText())
                .contains("Wrong user name or password");
        browser.screenshot("02-login-refused");

        browser.type("#password", ConsoleStack.ADMIN_PASSWORD);
        browser.click("#sign-in");
        browser.await(10, ExpectedConditions.textToBe(By.id("current-user"), ConsoleStack.ADMIN));
        assertThat(browser.path()).isEqualTo("/clients"); // back where the visitor wanted to go
        assertThat(browser.find("#current-role").getText()).isEqualTo("admin");
        Cookie session = browser.driver().manage().getCookieNamed("kin_console");
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");
        assertThat(browser.driver().getPageSource()).doesNotContain("kin_s_"); // the API token stays server-side
    }

    @Test
    @Order(2)
    @DisplayName("the dashboard's connected-clients counter changes live when a real MQTT client connects")
    void dashboardShowsARealClientConnecting() throws Exception {
        signInAsAdmin();
        browser.open("/");
        browser.await(15, ExpectedConditions.visibilityOfElementLocated(By.id("clients-connected")));
        browser.await(15, ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#nodes"),
                ConsoleStack.NODE));
        long before = number("#clients-connected");
        Mqtt5BlockingClient client = mqtt(id("dash"));
        try {
            // no reload: the live fragment refreshes itself
            browser.await(20, d -> number("#clients-connected") == before + 1);
            browser.await(20, d -> browser.find("#chart-clients").findElements(By.cssSelector("polyline")).size() == 1);
            browser.screenshot("03-dashboard");
        } finally {
            client.disconnect();
        }
        browser.await(20, d -> number("#clients-connected") == before);
    }

    @Test
    @Order(3)
    @DisplayName("a client is found by searching, shown with its subscriptions, and kicked after confirmation")
    void findAClientAndKickIt() throws Exception {
        signInAsAdmin();
        String clientId = id("kick-me");
        CompletableFuture<Throwable> disconnected = new CompletableFuture<>();
        Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier(clientId)
                .serverHost("127.0.0.1").serverPort(ConsoleStack.broker.mqttPort())
                .addDisconnectedListener(ctx -> disconnected.complete(ctx.getCause())).buildBlocking();
        client.connect();
        client.subscribeWith().topicFilter("it/kick/#").qos(MqttQos.AT_LEAST_ONCE).send();
        Mqtt5BlockingClient other = mqtt(id("bystander"));
        try {
            browser.open("/clients");
            browser.type("#clientId", clientId.substring(0, 12));
            browser.click("#search");
            browser.await(10, ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("tr[data-client-id='" + clientId + "']")));
            assertThat(browser.driver().findElements(By.cssSelector("#clients tbody tr"))).hasSize(1);
            browser.screenshot("04-clients-search");

            browser.find("tr[data-client-id='" + clientId + "'] a").click();
            browser.await(10, ExpectedConditions.textToBePresentInElementLocated(By.id("client-subscriptions"),
                    "it/kick/#"));
            browser.screenshot("05-client-detail");

            browser.click("#kick");
            browser.await(10, ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
            assertThat(browser.find("#confirm-message").getText()).contains(clientId);
            browser.screenshot("06-confirm-kick");
            browser.click("#confirm");
            assertThat(flash()).contains("'" + clientId + "' was disconnected");

            Throwable cause = disconnected.get(10, TimeUnit.SECONDS);
            assertThat(cause).isInstanceOf(Mqtt5DisconnectException.class);
            assertThat(((Mqtt5DisconnectException) cause).getMqttMessage().getReasonCode())
                    .isEqualTo(Mqtt5DisconnectReasonCode.ADMINISTRATIVE_ACTION);
            assertThat(browser.present("tr[data-client-id='" + clientId + "']")).isFalse();
        } finally {
            other.disconnect();
        }
    }

    @Test
    @Order(4)
    @DisplayName("a rule with bad SQL is refused next to the SQL field; fixed, tested on a sample, saved, it counts real publishes")
    void createARuleTestItAndSeeItsMetricsRise() throws Exception {
        signInAsAdmin();
        browser.open("/rules");
        browser.click("#new-rule");
        browser.type("#id", "hot-it");
        browser.type("#name", "Hot readings (browser test)");
        browser.type("#sql", "SELECT payload.temp AS t, clientid FROM \"it/rules/+\" WHERE t >");
        browser.type("#actions", "[{\"type\": \"republish\", \"topic\": \"it/alerts/${clientid}\", \"qos\": 0, "
                + "\"payload\": \"hot: ${t}\"}]");
        browser.click("#save-rule");
        WebElement sqlError = browser.await(10, ExpectedConditions.visibilityOfElementLocated(By.id("sql-error")));
        assertThat(sqlError.getText()).contains("line 1");
        // the error sits in the SQL field's own block
        assertThat(sqlError.findElement(By.xpath("..")).findElement(By.id("sql"))).isNotNull();
        assertThat(browser.find("#name").getAttribute("value")).isEqualTo("Hot readings (browser test)");
        browser.screenshot("07-rule-bad-sql");

        browser.type("#sql", "SELECT payload.temp AS t, clientid FROM \"it/rules/+\" WHERE t > 30");
        browser.type("#sampleTopic", "it/rules/b7");
        browser.type("#sampleClientId", "dev-7");
        browser.type("#samplePayload", "{\"temp\": 31.5}");
        String formPage = browser.path();
        browser.click("#test-rule");
        WebElement output = browser.await(10, ExpectedConditions.visibilityOfElementLocated(By.id("trial-output")));
        assertThat(output.getText()).contains("31.5").contains("dev-7");
        assertThat(browser.find("#trial-result").getText()).contains("WHERE passed").contains("it/alerts/dev-7")
                .contains("hot: 31.5");
        assertThat(browser.path()).isEqualTo(formPage); // tried in place, by htmx: no navigation, nothing saved
        assertThat(browser.find("#sql-error").getText()).isEmpty(); // the fixed SQL no longer shows the old error
        assertThat(browser.find("#sql").getAttribute("value")).contains("WHERE t > 30");
        browser.screenshot("08-rule-test-result");

        browser.click("#save-rule");
        assertThat(flash()).contains("Rule 'hot-it' was created");
        assertThat(number("#matched-hot-it")).isZero();

        Mqtt5BlockingClient alerts = mqtt(id("alerts"));
        alerts.subscribeWith().topicFilter("it/alerts/#").send();
        Mqtt5BlockingClient sensor = mqtt(id("sensor"));
        try (Mqtt5BlockingClient.Mqtt5Publishes received = alerts.publishes(MqttGlobalPublishFilter.ALL)) {
            // brokers load a saved rule within a second: publish until the rule has seen some
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            int sent = 0;
            while (System.nanoTime() < deadline && (!browser.present("#matched-hot-it")
                    || number("#matched-hot-it") == 0)) {
                sensor.publishWith().topic("it/rules/b7").payload("{\"temp\": 40}".getBytes(StandardCharsets.UTF_8))
                        .qos(MqttQos.AT_LEAST_ONCE).send();
                sent++;
                Thread.sleep(500); // paces the publishes; the loop condition is what is awaited
            }
            assertThat(sent).isGreaterThan(0);
            browser.await(20, d -> number("#matched-hot-it") > 0 && number("#passed-hot-it") > 0
                    && number("#actions-ok-hot-it") > 0);
            Optional<Mqtt5Publish> alert = received.receive(10, TimeUnit.SECONDS);
            assertThat(alert).isPresent();
            assertThat(new String(alert.get().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("hot: 40");
            browser.screenshot("09-rules-with-metrics");
        } finally {
            sensor.disconnect();
            alerts.disconnect();
        }
    }

    @Test
    @Order(5)
    @DisplayName("a message published from the form reaches a real subscriber")
    void publishFromTheFormReachesASubscriber() throws Exception {
        signInAsAdmin();
        Mqtt5BlockingClient subscriber = mqtt(id("listener"));
        subscriber.subscribeWith().topicFilter("it/publish/#").qos(MqttQos.AT_LEAST_ONCE).send();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = subscriber.publishes(MqttGlobalPublishFilter.ALL)) {
            browser.open("/publish");
            browser.type("#topic", "it/publish/hello");
            browser.type("#payload", "hello from the console <b>");
            new org.openqa.selenium.support.ui.Select(browser.find("#qos")).selectByValue("1");
            browser.click("#publish");
            assertThat(flash()).contains("delivered to 1 session");
            browser.screenshot("10-publish");
            Optional<Mqtt5Publish> message = received.receive(10, TimeUnit.SECONDS);
            assertThat(message).isPresent();
            assertThat(message.get().getTopic().toString()).isEqualTo("it/publish/hello");
            assertThat(new String(message.get().getPayloadAsBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("hello from the console <b>");
        } finally {
            subscriber.disconnect();
        }
        // an invalid topic is answered next to the topic field
        browser.type("#topic", "it/+/wild");
        browser.click("#publish");
        assertThat(browser.await(10, ExpectedConditions.visibilityOfElementLocated(By.id("topic-error"))).getText())
                .isNotBlank();
        browser.screenshot("11-publish-invalid-topic");
    }

    @Test
    @Order(6)
    @DisplayName("a retained message is browsed, viewed as text, JSON and hex, and deleted after confirmation")
    void deleteARetainedMessage() throws Exception {
        signInAsAdmin();
        Mqtt5BlockingClient publisher = mqtt(id("retainer"));
        publisher.publishWith().topic("it/retained/r1").payload("{\"level\": 3, \"ok\": true}"
                .getBytes(StandardCharsets.UTF_8)).qos(MqttQos.AT_LEAST_ONCE).retain(true).send();
        publisher.disconnect();

        browser.open("/topics?filter=" + java.net.URLEncoder.encode("it/retained/#", StandardCharsets.UTF_8));
        browser.await(10, ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-topic='it/retained/r1']")));
        browser.screenshot("12-topics");
        browser.find("tr[data-topic='it/retained/r1'] a").click();
        assertThat(browser.await(10, ExpectedConditions.visibilityOfElementLocated(By.id("payload"))).getText())
                .isEqualTo("{\"level\": 3, \"ok\": true}");
        browser.click("#as-json");
        browser.await(10, ExpectedConditions.textToBePresentInElementLocated(By.id("payload"), "\"level\" : 3"));
        browser.screenshot("13-retained-json");
        browser.click("#as-hex");
        browser.await(10, ExpectedConditions.textToBePresentInElementLocated(By.id("payload"), "7b 22 6c 65"));
        browser.screenshot("14-retained-hex");

        browser.click("#delete-retained");
        browser.await(10, ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
        browser.screenshot("15-confirm-delete-retained");
        browser.click("#confirm");
        assertThat(flash()).contains("retained message of 'it/retained/r1' was deleted");
        browser.open("/topics?filter=" + java.net.URLEncoder.encode("it/retained/#", StandardCharsets.UTF_8));
        assertThat(browser.present("tr[data-topic='it/retained/r1']")).isFalse();

        // a new subscriber gets nothing retained any more: the first message it receives is one sent after it
        Mqtt5BlockingClient late = mqtt(id("late"));
        try (Mqtt5BlockingClient.Mqtt5Publishes received = late.publishes(MqttGlobalPublishFilter.ALL)) {
            late.subscribeWith().topicFilter("it/retained/#").send();
            Mqtt5BlockingClient marker = mqtt(id("marker"));
            marker.publishWith().topic("it/retained/marker").payload("after".getBytes(StandardCharsets.UTF_8))
                    .qos(MqttQos.AT_LEAST_ONCE).send();
            marker.disconnect();
            Optional<Mqtt5Publish> first = received.receive(10, TimeUnit.SECONDS);
            assertThat(first).isPresent();
            assertThat(first.get().getTopic().toString()).isEqualTo("it/retained/marker");
        } finally {
            late.disconnect();
        }
    }

    @Test
    @Order(7)
    @DisplayName("every page renders in the console's layout, and form errors from the API show next to their field")
    void everyPageRenders() throws Exception {
        signInAsAdmin();
        String[][] pages = {
                {"/sessions", "Sessions", "16-sessions"},
                {"/subscriptions", "Subscriptions", "17-subscriptions"},
                {"/bridges", "Bridges", "18-bridges"},
                {"/auto-subscriptions", "Auto-subscriptions", "20-auto-subscriptions"},
                {"/users", "MQTT users", "21-users"},
                {"/acl", "ACL rules", "22-acl"},
        };
        Mqtt5BlockingClient persistent = MqttClient.builder().useMqttVersion5().identifier(id("sess"))
                .serverHost("127.0.0.1").serverPort(ConsoleStack.broker.mqttPort()).buildBlocking();
        persistent.connectWith().cleanStart(true).sessionExpiryInterval(600).send();
        persistent.subscribeWith().topicFilter("it/pages/+/status").qos(MqttQos.AT_LEAST_ONCE).send();
        try {
            for (String[] p : pages) {
                browser.open(p[0]);
                assertThat(browser.find("h1").getText()).isEqualTo(p[1]);
                assertThat(browser.find(".sidebar a.active").getAttribute("href")).endsWith(p[0]);
                browser.screenshot(p[2]);
            }
        } finally {
            persistent.disconnect();
        }
        // a Kafka bridge without its required setting: the API's field error is shown by that field
        browser.open("/bridges/new?type=KAFKA");
        browser.type("#name", "kafka-it");
        browser.type("input[name='settings.topic']", "events");
        browser.click("#save-bridge");
        WebElement field = browser.await(10, ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".field.has-error input[name='settings.bootstrap-servers']")));
        assertThat(field.findElement(By.xpath("..")).findElement(By.cssSelector(".error")).getText()).isNotBlank();
        browser.screenshot("19-bridge-form-error");
        browser.type("input[name='settings.bootstrap-servers']", "127.0.0.1:9");
        browser.click("#save-bridge");
        assertThat(flash()).contains("Bridge 'kafka-it' was created");

        browser.open("/users");
        browser.type("#username", "sensor-it-01");
        browser.type("#password", "s3cret-pass");
        browser.click("#add-user");
        assertThat(flash()).contains("User 'sensor-it-01' was created");
        assertThat(browser.driver().getPageSource()).doesNotContain("s3cret-pass");
        browser.open("/acl");
        browser.type("#topicFilter", "devices/${clientid}/#");
        browser.type("#priority", "10");
        browser.click("#add-acl");
        assertThat(flash()).contains("devices/${clientid}/#");
        browser.screenshot("22-acl");
    }

    @Test
    @Order(8)
    @DisplayName("a form post without the session's CSRF token is refused")
    void aPostWithoutTheCsrfTokenIsRefused() throws Exception {
        signInAsAdmin();
        String session = browser.driver().manage().getCookieNamed("kin_console").getValue();
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(console.toString() + "publish"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "kin_console=" + session)
                .POST(HttpRequest.BodyPublishers.ofString("topic=it/csrf&payload=x&qos=0")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(403);
    }

    @Test
    @Order(9)
    @DisplayName("a viewer sees no edit controls, and an edit it forces anyway is refused by the API")
    void aViewerCannotEdit() throws Exception {
        String adminToken = ConsoleStack.adminApi.login(ConsoleStack.ADMIN, ConsoleStack.ADMIN_PASSWORD);
        HttpResponse<String> created = ConsoleStack.adminApi.post("/api/v1/admin-users", adminToken,
                "{\"username\": \"" + VIEWER + "\", \"password\": \"" + VIEWER_PASSWORD + "\", \"role\": \"viewer\"}");
        assertThat(created.statusCode()).as(created.body()).isIn(201, 409);
        Mqtt5BlockingClient client = mqtt(id("seen-by-viewer"));
        try {
            signIn(VIEWER, VIEWER_PASSWORD);
            assertThat(browser.find("#current-role").getText()).isEqualTo("viewer");
            browser.open("/rules");
            browser.await(10, ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-rule-id='hot-it']")));
            assertThat(browser.present("#new-rule")).isFalse();
            assertThat(browser.driver().findElements(By.cssSelector("#rules form, #rules a.btn"))).isEmpty();
            browser.screenshot("23-viewer-rules");
            browser.open("/clients");
            assertThat(browser.present("#clients")).isTrue();
            assertThat(browser.driver().findElements(By.cssSelector("#clients form"))).isEmpty();
            browser.open("/publish");
            assertThat(browser.present("#publish-form")).isFalse();
            assertThat(browser.present("#read-only")).isTrue();
            browser.open("/users");
            assertThat(browser.present("#user-form")).isFalse();
            browser.screenshot("24-viewer-users");
            browser.open("/bridges");
            assertThat(browser.driver().findElements(By.cssSelector("[id^='new-bridge'], #bridges form"))).isEmpty();

            // the edit form opened by URL renders, but saving is refused by the API and said so
            browser.open("/rules/new");
            browser.type("#name", "viewer rule");
            browser.click("#save-rule");
            assertThat(browser.await(10, ExpectedConditions.visibilityOfElementLocated(By.id("form-error"))).getText())
                    .contains("role does not allow");
            browser.screenshot("25-viewer-refused");
        } finally {
            client.disconnect();
        }
    }

    @Test
    @Order(10)
    @DisplayName("saving a rule someone else changed since it was opened says so instead of overwriting")
    void aStaleEditIsRefusedWithAReloadHint() throws Exception {
        signInAsAdmin();
        browser.open("/rules/edit?id=hot-it");
        assertThat(browser.find("input[name='etag']").getAttribute("value")).isNotBlank();
        browser.type("#name", "Renamed in the browser");

        String token = ConsoleStack.adminApi.login(ConsoleStack.ADMIN, ConsoleStack.ADMIN_PASSWORD);
        HttpResponse<String> disabled = ConsoleStack.adminApi.post("/api/v1/rules/hot-it/disable", token, "");
        assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(200);

        browser.click("#save-rule");
        assertThat(browser.await(10, ExpectedConditions.visibilityOfElementLocated(By.id("form-error"))).getText())
                .contains("changed by someone else");
        assertThat(browser.find("#name").getAttribute("value")).isEqualTo("Renamed in the browser");
        browser.screenshot("26-rule-changed-elsewhere");

        browser.click("#reload");
        assertThat(browser.find("#actions").getAttribute("value")).contains("it/alerts/${clientid}")
                .doesNotContain("null");
        browser.type("#name", "Renamed in the browser");
        browser.click("#save-rule");
        assertThat(flash()).contains("Rule 'hot-it' was saved");
        assertThat(browser.find("tr[data-rule-id='hot-it']").getText()).contains("Renamed in the browser")
                .contains("disabled");
    }

    @Test
    @Order(11)
    @DisplayName("the bridge form tests its unsaved values; the list and the edit page show the bridge's state per node")
    void aBridgeIsTestedAndShowsItsStatus() throws Exception {
        com.sun.net.httpserver.HttpServer target = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/", ex -> {
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        target.start();
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        String name = id("hook");
        String url = "http://127.0.0.1:" + target.getAddress().getPort() + "/in";
        try {
            signInAsAdmin();
            browser.open("/bridges/new?type=HTTP");
            browser.type("#name", name);
            browser.type("input[name='settings.url']", "http://127.0.0.1:" + closed + "/in");
            browser.click("#test-bridge");
            WebElement failed = browser.await(20, ExpectedConditions.visibilityOfElementLocated(By.id("test-result")));
            assertThat(failed.getAttribute("data-ok")).isEqualTo("false");
            assertThat(failed.getText()).contains("could not connect").contains("127.0.0.1:" + closed);
            assertThat(browser.find("input[name='settings.url']").getAttribute("value"))
                    .as("the form keeps its values").endsWith(closed + "/in");
            browser.screenshot("27-bridge-test-failed");

            browser.type("input[name='settings.url']", url);
            browser.click("#test-bridge");
            browser.await(20, ExpectedConditions.attributeToBe(By.id("test-result"), "data-ok", "true"));
            assertThat(browser.find("#test-result").getText()).contains("answered HTTP 204")
                    .contains(ConsoleStack.NODE);
            browser.screenshot("28-bridge-test-ok");

            browser.click("#save-bridge");
            assertThat(flash()).contains("Bridge '" + name + "' was created");
            String row = "tr[data-bridge='" + name + "'] .bridge-state";
            browser.await(20, d -> {
                browser.open("/bridges");
                return "CONNECTED".equals(browser.find(row).getAttribute("data-state"));
            });
            assertThat(browser.find(row).getText()).isEqualTo("connected");
            browser.screenshot("29-bridges-status");

            browser.open("/bridges/edit?name=" + name);
            WebElement node = browser.await(10, ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#bridge-nodes tr[data-node='" + ConsoleStack.NODE + "']")));
            assertThat(node.findElement(By.cssSelector(".bridge-state")).getAttribute("data-state"))
                    .isEqualTo("CONNECTED");
            browser.screenshot("30-bridge-status-per-node");
        } finally {
            target.stop(0);
        }
    }

    @Test
    @Order(12)
    @DisplayName("the dashboard charts start with the hour the brokers kept, from before the console read any figure")
    void dashboardChartsDrawTheBrokersHistory() throws Exception {
        signInAsAdmin();
        browser.open("/");
        WebElement chart = browser.await(15, ExpectedConditions.presenceOfElementLocated(By.id("chart-clients")));
        java.time.Instant from = java.time.Instant.parse(chart.getAttribute("data-from"));
        assertThat(from).as("the brokers' first sample, taken when the broker started")
                .isBefore(classStarted);
        assertThat(Integer.parseInt(chart.getAttribute("data-points"))).isGreaterThan(1);
        browser.screenshot("31-dashboard-history");
    }

    @Test
    @Order(13)
    @DisplayName("an admin creates a viewer admin user and changes its role, and creates an API key that is shown once")
    void adminUsersAndApiKeys() throws Exception {
        signInAsAdmin();
        String name = id("ops");
        browser.open("/admin-users");
        assertThat(browser.find("h1").getText()).isEqualTo("Admin users");
        browser.type("#username", name);
        browser.type("#password", "short");
        browser.click("#add-admin-user");
        assertThat(browser.await(10, ExpectedConditions.visibilityOfElementLocated(By.id("password-error")))
                .getText()).contains("8 to 200");
        browser.type("#username", name);
        browser.type("#password", "a-long-enough-password");
        new org.openqa.selenium.support.ui.Select(browser.find("#role")).selectByValue("viewer");
        browser.click("#add-admin-user");
        assertThat(flash()).contains("Admin user '" + name + "' was created with the viewer role");
        String row = "tr[data-username='" + name + "']";
        assertThat(browser.find(row + " .admin-role").getText()).isEqualTo("viewer");
        browser.screenshot("32-admin-users");

        // the new viewer signs in and sees a read-only console without these pages
        signIn(name, "a-long-enough-password");
        assertThat(browser.find("#current-role").getText()).isEqualTo("viewer");
        assertThat(browser.present("a[href='/admin-users']")).isFalse();

        signInAsAdmin();
        browser.open("/admin-users");
        new org.openqa.selenium.support.ui.Select(browser.find(row + " select[name='role']")).selectByValue("admin");
        browser.find(row + " form[action='/admin-users/change'] button").click();
        assertThat(flash()).contains("Admin user '" + name + "' was changed");
        assertThat(browser.find(row + " .admin-role").getText()).isEqualTo("admin");

        browser.find(row + " form[action='/admin-users/delete'] button").click();
        browser.await(10, ExpectedConditions.visibilityOfElementLocated(By.id("confirm"))).click();
        assertThat(flash()).contains("Admin user '" + name + "' was deleted");
        assertThat(browser.present(row)).isFalse();

        String keyName = id("ci-key");
        browser.open("/api-keys");
        browser.type("#name", keyName);
        browser.click("#create-api-key");
        String key = browser.await(10, ExpectedConditions.visibilityOfElementLocated(By.id("new-key-value"))).getText();
        assertThat(key).startsWith("kin_k_");
        browser.screenshot("33-api-key-created");
        // the key works against the API, with the role chosen
        HttpResponse<String> me = ConsoleStack.adminApi.get("/api/v1/auth/me", key);
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).contains("\"name\":\"" + keyName + "\"").contains("\"role\":\"viewer\"");
        // shown once: the list never shows it again
        browser.open("/api-keys");
        assertThat(browser.present("#new-key-value")).isFalse();
        assertThat(browser.driver().getPageSource()).doesNotContain(key);
        String keyRow = "tr[data-name='" + keyName + "']";
        assertThat(browser.present(keyRow)).isTrue();
        browser.screenshot("34-api-keys");

        browser.find(keyRow + " button").click();
        browser.await(10, ExpectedConditions.visibilityOfElementLocated(By.id("confirm"))).click();
        assertThat(flash()).contains("API key '" + keyName + "' was revoked");
        assertThat(ConsoleStack.adminApi.get("/api/v1/auth/me", key).statusCode()).isEqualTo(401);
    }
}

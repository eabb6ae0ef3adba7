package io.kin.admin.ui.pages;

import io.kin.admin.ui.api.AdminApiClient;
import io.kin.admin.ui.api.ApiException;
import io.kin.admin.ui.api.ApiModel;
import io.kin.admin.ui.config.AdminUiConfig;
import io.kin.admin.ui.dashboard.StatsHistory;
import io.kin.admin.ui.dashboard.StatsHistory.Sample;
import io.kin.admin.ui.dashboard.SvgChart;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The cluster at a glance: nodes and their health, the headline figures and charts of the last hour. The live part
 * is a fragment ({@code /dashboard/live}) that htmx reloads every few seconds; without JavaScript a reload does it.
 */
@Path("/")
@Blocking
public class DashboardPage {

    private static final Logger LOG = Logger.getLogger(DashboardPage.class);

    /** The headline figures. */
    public record Figures(long connected, String inPerSecond, String outPerSecond, long dropped, long retained,
                          long subscriptions, long ruleFailures) {
    }

    /** A node with its own figures. */
    public record NodeHealth(ApiModel.Node node, long connected, String uptime) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance dashboard(List<NodeHealth> nodes, Figures figures, List<SvgChart> charts,
                                                 String apiError, String statsError);

        static native TemplateInstance dashboard$live(List<NodeHealth> nodes, Figures figures, List<SvgChart> charts,
                                                      String apiError, String statsError);
    }

    private final AdminApiClient api;
    private final AdminUiConfig config;
    private final StatsHistory history;

    DashboardPage(@RestClient AdminApiClient api, AdminUiConfig config, StatsHistory history) {
        this.api = api;
        this.config = config;
        this.history = history;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance dashboard() {
        View v = view();
        return Templates.dashboard(v.nodes, v.figures, v.charts, v.apiError, v.statsError);
    }

    @GET
    @Path("dashboard/live")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance live() {
        View v = view();
        return Templates.dashboard$live(v.nodes, v.figures, v.charts, v.apiError, v.statsError);
    }

    private record View(List<NodeHealth> nodes, Figures figures, List<SvgChart> charts, String apiError,
                        String statsError) {
    }

    private View view() {
        List<ApiModel.Node> nodes;
        try {
            nodes = api.nodes();
        } catch (ProcessingException e) {
            LOG.debugf("admin API unreachable: %s", e.toString());
            return new View(List.of(), null, List.of(), "The admin API is not reachable at "
                    + config.adminApi().url() + ".", null);
        }
        ApiModel.Stats stats = null;
        String statsError = null;
        try {
            stats = api.stats();
        } catch (ApiException e) {
            if (e.status() == 401) {
                throw e;
            }
            statsError = e.status() == 503 ? "No broker node is up: live figures are not available."
                    : "Live figures are not available: " + e.summary();
        }
        Figures figures = null;
        List<NodeHealth> health = new ArrayList<>();
        List<Sample> samples = List.of();
        if (stats != null) {
            Sample now = history.record(stats.cluster());
            samples = history.withHistory(kept());
            figures = new Figures(now.connected(), rate(StatsHistory.rate(samples, Sample::received)),
                    rate(StatsHistory.rate(samples, Sample::sent)), now.dropped(), now.retained(),
                    now.subscriptions(), now.ruleFailures());
        }
        for (ApiModel.Node n : nodes) {
            Map<String, String> own = stats == null ? null : stats.nodes().get(n.nodeId());
            health.add(new NodeHealth(n, own == null ? 0 : parse(own.get("clients/connected")),
                    own == null ? "—" : uptime(own.get("uptime"))));
        }
        return new View(health, figures, stats == null ? List.of() : charts(samples), null, statsError);
    }

    /** The hour the brokers kept, or null when it cannot be read (the console's own samples are drawn then). */
    private ApiModel.StatsHistory kept() {
        try {
            return api.statsHistory();
        } catch (ApiException e) {
            if (e.status() == 401) {
                throw e;
            }
            LOG.debugf("stats history not available: %s", e.summary());
            return null;
        } catch (RuntimeException e) {
            LOG.debugf("stats history not available: %s", e.toString());
            return null;
        }
    }

    private static List<SvgChart> charts(List<Sample> samples) {
        Instant now = Instant.now();
        double end = now.getEpochSecond() + now.getNano() / 1e9;
        List<double[]> rates = new ArrayList<>(); // at, in/s, out/s, dropped/s
        for (int i = 1; i < samples.size(); i++) {
            Sample a = samples.get(i - 1);
            Sample b = samples.get(i);
            double at = b.at().getEpochSecond() + b.at().getNano() / 1e9;
            rates.add(new double[] {at, StatsHistory.rate(a, b, Sample::received),
                    StatsHistory.rate(a, b, Sample::sent), StatsHistory.rate(a, b, Sample::dropped)});
        }
        double lastIn = rates.isEmpty() ? 0 : rates.get(rates.size() - 1)[1];
        double lastOut = rates.isEmpty() ? 0 : rates.get(rates.size() - 1)[2];
        double lastDropped = rates.isEmpty() ? 0 : rates.get(rates.size() - 1)[3];
        long connected = samples.isEmpty() ? 0 : samples.get(samples.size() - 1).connected();
        return List.of(
                SvgChart.of("chart-clients", "Connected clients", samples, s -> s.connected(),
                        s -> s.at().getEpochSecond() + s.at().getNano() / 1e9, end, Long.toString(connected),
                        v -> String.format(Locale.ROOT, "%.0f", v)),
                SvgChart.of("chart-in", "Messages in / s", rates, r -> r[1], r -> r[0], end, rate(lastIn),
                        DashboardPage::rate),
                SvgChart.of("chart-out", "Messages out / s", rates, r -> r[2], r -> r[0], end, rate(lastOut),
                        DashboardPage::rate),
                SvgChart.of("chart-dropped", "Dropped / s", rates, r -> r[3], r -> r[0], end, rate(lastDropped),
                        DashboardPage::rate));
    }

    static String rate(double perSecond) {
        return perSecond >= 100 ? String.format(Locale.ROOT, "%.0f", perSecond)
                : String.format(Locale.ROOT, "%.1f", perSecond);
    }

    private static long parse(String s) {
        try {
            return s == null ? 0 : (long) Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** "93784 seconds" → "1 d 2 h". */
    static String uptime(String figure) {
        if (figure == null) {
            return "—";
        }
        long s = parse(figure.replace(" seconds", "").trim());
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min";
        }
        if (s < 86400) {
            return s / 3600 + " h " + (s % 3600) / 60 + " min";
        }
        return s / 86400 + " d " + (s % 86400) / 3600 + " h";
    }
}

package dev.mfawatch.cli.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfawatch.cli.dashboards.DashboardFiles.Expr;
import dev.mfawatch.cli.dashboards.DashboardFiles.Kind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The Grafana models as Grafana would lay them out (no Grafana on the build machines), and the
 * alert thresholds as the rules and panels use them.
 */
class DashboardJsonTest {

    @Test
    void panelIdsAreUniqueAndPanelsNeitherOverlapNorLeaveTheGrid() {
        assertThat(DashboardFiles.dashboardJson()).isNotEmpty();
        for (Path file : DashboardFiles.dashboardJson()) {
            List<JsonNode> panels = new ArrayList<>();
            flatten(DashboardFiles.read(DashboardFiles.JSON, file).path("panels"), panels);
            Set<Integer> ids = new HashSet<>();
            Map<String, String> cells = new HashMap<>(); // "x,y" -> panel title
            for (JsonNode p : panels) {
                String title = file.getFileName() + " '" + p.path("title").asText() + "'";
                assertThat(ids.add(p.path("id").asInt(-1))).as("%s: id %s used twice", title, p.path("id")).isTrue();
                JsonNode g = p.path("gridPos");
                int x = g.path("x").asInt(-1);
                int y = g.path("y").asInt(-1);
                int w = g.path("w").asInt(0);
                int h = g.path("h").asInt(0);
                assertThat(x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= 24).as("%s: gridPos %s", title, g).isTrue();
                for (int cx = x; cx < x + w; cx++) {
                    for (int cy = y; cy < y + h; cy++) {
                        String other = cells.put(cx + "," + cy, title);
                        assertThat(other).as("%s overlaps %s at %d,%d", title, other, cx, cy).isNull();
                    }
                }
            }
        }
    }

    @Test
    void everyQueryGoesToThePrometheusDatasourceWithItsOwnRefId() {
        for (Path file : DashboardFiles.dashboardJson()) {
            List<JsonNode> panels = new ArrayList<>();
            flatten(DashboardFiles.read(DashboardFiles.JSON, file).path("panels"), panels);
            for (JsonNode p : panels) {
                String title = file.getFileName() + " '" + p.path("title").asText() + "'";
                Set<String> refIds = new HashSet<>();
                for (JsonNode t : p.path("targets")) {
                    assertThat(t.path("datasource").path("uid").asText()).as(title).isEqualTo("prometheus");
                    assertThat(refIds.add(t.path("refId").asText())).as("%s: refId %s twice", title, t.path("refId"))
                            .isTrue();
                }
            }
        }
    }

    /** A threshold no alert reads would be edited to no effect. */
    @Test
    void everyThresholdRecordingIsReadByAnAlert() {
        Set<String> thresholds = new TreeSet<>();
        Set<String> readByAlerts = new TreeSet<>();
        for (Expr e : DashboardFiles.rules()) {
            if (e.kind() == Kind.RECORDING_RULE && (e.where().endsWith(":threshold") || e.where().contains(":threshold_"))) {
                thresholds.add(e.where().substring(e.where().indexOf(' ') + 1));
            }
            if (e.kind() == Kind.ALERTING_RULE) {
                readByAlerts.addAll(PromQl.metricNames(e.promql()));
            }
        }
        assertThat(thresholds).hasSizeGreaterThanOrEqualTo(6);
        assertThat(readByAlerts).containsAll(thresholds);
    }

    private static void flatten(JsonNode panels, List<JsonNode> out) {
        for (JsonNode p : panels) {
            out.add(p);
            flatten(p.path("panels"), out);
        }
    }
}

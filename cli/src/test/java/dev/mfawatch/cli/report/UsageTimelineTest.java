package dev.mfawatch.cli.report;

import static dev.mfawatch.cli.report.Fixtures.t;
import static dev.mfawatch.cli.report.Fixtures.usage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.cli.report.UsageTimeline.Point;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The period's uses from cumulative publications, worked out by hand for November 2026. */
class UsageTimelineTest {

    // X: 5 uses by 10-20, 8 by 11-05, 12 by 11-20, 20 by 12-03 (after the period). Y: first published 11-10 with 3.
    private final UsageTimeline timeline = UsageTimeline.of(List.of(
            usage("X", 12, "2026-11-20"), usage("Y", 3, "2026-11-10"), usage("X", 5, "2026-10-20"),
            usage("X", 20, "2026-12-03"), usage("X", 8, "2026-11-05")), t("2026-11-01"), t("2026-12-01"));

    @Test
    void usesInThePeriodAreTheEndLedgerLessTheStartLedger() {
        assertThat(timeline.usesInPeriod("X")).isEqualTo(12 - 5);
        assertThat(timeline.usesInPeriod("Y")).isEqualTo(3);
        assertThat(timeline.usesInPeriod("Z")).isZero();
        assertThat(timeline.atEnd().get("X").signIns()).isEqualTo(12);
        assertThat(timeline.inPeriod()).hasSize(3);
    }

    @Test
    void cumulativeSeriesStartAtThePeriodsStartCount() {
        assertThat(timeline.cumulative("X")).containsExactly(new Point(t("2026-11-01"), 5),
                new Point(t("2026-11-05"), 8), new Point(t("2026-11-20"), 12));
        // The total: 5 at the start, then X to 8, Y appears with 3 (11), X to 12 (15).
        assertThat(timeline.cumulativeTotal()).containsExactly(new Point(t("2026-11-01"), 5),
                new Point(t("2026-11-05"), 8), new Point(t("2026-11-10"), 11), new Point(t("2026-11-20"), 15));
    }
}

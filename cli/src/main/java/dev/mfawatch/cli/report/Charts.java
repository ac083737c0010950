package dev.mfawatch.cli.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.SimpleDateFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TimeZone;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.DateTickUnit;
import org.jfree.chart.axis.DateTickUnitType;
import org.jfree.chart.axis.TickUnits;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StackedXYBarRenderer;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.data.time.Day;
import org.jfree.data.time.FixedMillisecond;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;
import org.jfree.data.time.TimeTableXYDataset;

/**
 * The report's charts, drawn by JFreeChart in this JVM (headless: no display needed) and handed
 * back as PNG {@code data:} URIs, so the page needs nothing from anywhere. Times are UTC.
 */
final class Charts {

    static {
        // Before the first AWT class loads: no display, no toolkit window.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    static final int WIDTH = 1100;
    static final int HEIGHT = 360;
    /** A muted qualitative palette (Tableau 10), readable in print and by most colour-blind readers. */
    private static final Color[] PALETTE = {new Color(0x4E79A7), new Color(0xF28E2B), new Color(0x59A14F),
            new Color(0xE15759), new Color(0x76B7B2), new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7),
            new Color(0x9C755F), new Color(0xBAB0AC)};
    private static final TimeZone UTC = TimeZone.getTimeZone(ZoneOffset.UTC);

    private Charts() {
    }

    /** Stacked daily bars: one bar per day, one colour per key (e.g. category, severity). */
    static String dailyStacked(String title, String valueLabel, SortedMap<LocalDate, Map<String, Long>> perDay,
                               List<String> keys, Map<String, Color> colours) {
        TimeTableXYDataset data = new TimeTableXYDataset(UTC, Locale.ROOT);
        for (Map.Entry<LocalDate, Map<String, Long>> day : perDay.entrySet()) {
            LocalDate d = day.getKey();
            Day period = new Day(d.getDayOfMonth(), d.getMonthValue(), d.getYear());
            // A table dataset: every key needs a value on every day, zero included.
            for (String key : keys) {
                data.add(period, day.getValue().getOrDefault(key, 0L), key, false);
            }
        }
        StackedXYBarRenderer renderer = new StackedXYBarRenderer(0.15);
        renderer.setBarPainter(new StandardXYBarPainter());
        renderer.setShadowVisible(false);
        for (int i = 0; i < keys.size(); i++) {
            renderer.setSeriesPaint(i, colours.getOrDefault(keys.get(i), PALETTE[i % PALETTE.length]));
        }
        DateAxis axis = dateAxis(false);
        if (!perDay.isEmpty()) {
            axis.setRange(Date.from(perDay.firstKey().atStartOfDay().toInstant(ZoneOffset.UTC)),
                    Date.from(perDay.lastKey().plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)));
        }
        XYPlot plot = new XYPlot(data, axis, countAxis(valueLabel), renderer);
        return png(chart(title, plot, !keys.isEmpty()));
    }

    /** Step lines of cumulative counts over {@code [start, end]}, each series carried on flat to {@code end}. */
    static String cumulative(String title, String valueLabel, Map<String, List<UsageTimeline.Point>> series, Instant start,
                             Instant end) {
        TimeSeriesCollection data = new TimeSeriesCollection(UTC);
        for (Map.Entry<String, List<UsageTimeline.Point>> s : series.entrySet()) {
            TimeSeries ts = new TimeSeries(s.getKey());
            long last = 0;
            for (UsageTimeline.Point p : s.getValue()) {
                ts.addOrUpdate(new FixedMillisecond(p.at().toEpochMilli()), p.uses());
                last = p.uses();
            }
            ts.addOrUpdate(new FixedMillisecond(end.toEpochMilli()), last);
            data.addSeries(ts);
        }
        XYStepRenderer renderer = new XYStepRenderer();
        for (int i = 0; i < series.size(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(i == 0 ? 3f : 1.6f));
            renderer.setSeriesPaint(i, i == 0 ? new Color(0x202124) : PALETTE[(i - 1) % PALETTE.length]);
        }
        DateAxis axis = dateAxis(true);
        axis.setRange(Date.from(start), Date.from(end));
        XYPlot plot = new XYPlot(data, axis, countAxis(valueLabel), renderer);
        return png(chart(title, plot, series.size() > 1));
    }

    /** A UTC time axis whose ticks fall on whole hours (with {@code hours}), days, months or years. */
    private static DateAxis dateAxis(boolean hours) {
        DateAxis axis = new DateAxis("date (UTC)", UTC, Locale.ROOT);
        TickUnits units = new TickUnits();
        if (hours) {
            for (int n : new int[] {1, 3, 6, 12}) {
                units.add(new DateTickUnit(DateTickUnitType.HOUR, n, format("yyyy-MM-dd HH:mm")));
            }
        }
        for (int n : new int[] {1, 2, 7, 14}) {
            units.add(new DateTickUnit(DateTickUnitType.DAY, n, format("yyyy-MM-dd")));
        }
        for (int n : new int[] {1, 3, 6}) {
            units.add(new DateTickUnit(DateTickUnitType.MONTH, n, format("yyyy-MM")));
        }
        units.add(new DateTickUnit(DateTickUnitType.YEAR, 1, format("yyyy")));
        axis.setStandardTickUnits(units);
        return axis;
    }

    private static SimpleDateFormat format(String pattern) {
        SimpleDateFormat format = new SimpleDateFormat(pattern, Locale.ROOT);
        format.setTimeZone(UTC);
        return format;
    }

    private static NumberAxis countAxis(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        axis.setAutoRangeIncludesZero(true);
        return axis;
    }

    private static JFreeChart chart(String title, XYPlot plot, boolean legend) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        plot.setNoDataMessage("no data in the period");
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, legend);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static String png(JFreeChart chart) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
    }

    /** Fixed colours for severities, so red always means CRITICAL. */
    static Map<String, Color> severityColours() {
        Map<String, Color> c = new LinkedHashMap<>();
        c.put("LOW", new Color(0x8AB4F8));
        c.put("MEDIUM", new Color(0xF9AB00));
        c.put("HIGH", new Color(0xE8710A));
        c.put("CRITICAL", new Color(0xC5221F));
        return c;
    }
}

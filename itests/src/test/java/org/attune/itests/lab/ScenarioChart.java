package org.attune.itests.lab;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The scenario's timeline as CSV and as a chart (JFreeChart, PNG): request rate, host CPU, p95 latency, migrations. */
final class ScenarioChart {

    /** One second of the run. NaN = not measured. */
    record Row(double t, double targetRps, double servedRps, double probeRps, double cpuA, double cpuB, double cpuC,
               double p95Ms, long failures, String app1Host, String app2Host) {
    }

    /** A migration: started at {@code start} s, ended at {@code end} s (NaN if unknown). */
    record Migration(String guest, String from, String to, double start, double end, long totalMs, long downtimeMs,
                     String reason) {
    }

    private ScenarioChart() {
    }

    static void writeCsv(Path file, List<Row> rows, List<Migration> migrations) throws IOException {
        StringBuilder b = new StringBuilder("t_s,target_rps,served_rps,probe_rps,cpu_hostA_pct,cpu_hostB_pct,"
                + "cpu_hostC_pct,p95_ms,failures,app1_host,app2_host,event\n");
        for (Row r : rows) {
            StringBuilder event = new StringBuilder();
            for (Migration m : migrations) {
                if (m.start() >= r.t() - 1 && m.start() < r.t()) {
                    event.append("migration start ").append(m.guest()).append(' ').append(m.from()).append("->")
                            .append(m.to()).append(';');
                }
                if (m.end() >= r.t() - 1 && m.end() < r.t()) {
                    event.append("migration end ").append(m.guest()).append(" total ").append(m.totalMs())
                            .append(" ms downtime ").append(m.downtimeMs()).append(" ms;");
                }
            }
            b.append(String.format(Locale.ROOT, "%.0f,%.2f,%.2f,%s,%s,%s,%s,%s,%d,%s,%s,%s%n", r.t(), r.targetRps(),
                    r.servedRps(), num(r.probeRps()), num(r.cpuA()), num(r.cpuB()), num(r.cpuC()), num(r.p95Ms()),
                    r.failures(), r.app1Host(), r.app2Host(), event));
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, b);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.2f", v);
    }

    static void writePng(Path file, List<Row> rows, List<Migration> migrations, String subtitle) throws IOException {
        System.setProperty("java.awt.headless", "true");
        NumberAxis time = new NumberAxis("seconds since the load started");
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(time);
        plot.setGap(8);
        plot.add(subplot("requests/s", rows, new String[] {"target", "served (client)", "front end (probe)"},
                List.of(Row::targetRps, Row::servedRps, Row::probeRps),
                new Color[] {Color.LIGHT_GRAY, new Color(0x1f77b4), new Color(0xff7f0e)}, migrations, true), 3);
        plot.add(subplot("host CPU, % of one core", rows, new String[] {"hostA", "hostB", "hostC"},
                List.of(Row::cpuA, Row::cpuB, Row::cpuC),
                new Color[] {new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd)}, migrations, false), 2);
        plot.add(subplot("p95 latency, ms (5 s window)", rows, new String[] {"p95"}, List.of(Row::p95Ms),
                new Color[] {Color.BLACK}, migrations, false), 2);
        JFreeChart chart = new JFreeChart("Attune lab scenario: tier out and back under load", new Font("SansSerif",
                Font.BOLD, 16), plot, true);
        chart.addSubtitle(new org.jfree.chart.title.TextTitle(subtitle));
        chart.setBackgroundPaint(Color.WHITE);
        Files.createDirectories(file.getParent());
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 1200, 900);
    }

    private static XYPlot subplot(String label, List<Row> rows, String[] names, List<ToDoubleFunction<Row>> values,
                                  Color[] colors, List<Migration> migrations, boolean labelMarkers) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (int i = 0; i < names.length; i++) {
            XYSeries s = new XYSeries(names[i], false, true);
            for (Row r : rows) {
                double v = values.get(i).applyAsDouble(r);
                if (!Double.isNaN(v)) {
                    s.add(r.t(), v);
                }
            }
            data.addSeries(s);
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < names.length; i++) {
            renderer.setSeriesPaint(i, colors[i]);
            renderer.setSeriesStroke(i, new BasicStroke(i == 0 && names.length > 1 ? 1.2f : 1.8f));
        }
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(true);
        XYPlot plot = new XYPlot(data, null, axis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        for (Migration m : migrations) {
            ValueMarker start = new ValueMarker(m.start(), new Color(0x17becf), new BasicStroke(2f));
            if (labelMarkers) {
                start.setLabel(m.guest() + " " + m.from() + "->" + m.to());
                start.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
                start.setLabelTextAnchor(TextAnchor.TOP_LEFT);
                start.setLabelFont(new Font("SansSerif", Font.PLAIN, 12));
            }
            plot.addDomainMarker(start);
            if (!Double.isNaN(m.end())) {
                plot.addDomainMarker(new ValueMarker(m.end(), new Color(0x17becf), new BasicStroke(1f,
                        BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {4f, 4f}, 0f)));
            }
        }
        return plot;
    }
}

package org.attune.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** A PNG of active hosts and power over the day, one line per policy (JFreeChart). */
final class Chart {

    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
            new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};

    /** Updates left out when scaling the axes: the first hour. */
    private static final int SKIP_FOR_SCALE = 12;

    private Chart() {
    }

    static void write(Path file, String title, List<RunResult> runs) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYSeriesCollection hosts = new XYSeriesCollection();
        XYSeriesCollection watts = new XYSeriesCollection();
        for (RunResult r : runs) {
            XYSeries a = new XYSeries(r.policy());
            XYSeries p = new XYSeries(r.policy());
            for (int i = 0; i < r.activeHosts().length; i++) {
                double hour = (i + 1) * Reference.PERIOD_S / 3600;
                a.add(hour, r.activeHosts()[i]);
                p.add(hour, r.powerWatts()[i] / 1000);
            }
            hosts.addSeries(a);
            watts.addSeries(p);
        }
        NumberAxis time = new NumberAxis("hour of the day");
        time.setRange(0, 24);
        // The first updates still show the boot placement (hundreds of hosts): the axes are scaled to the rest of
        // the day so the policies can be told apart; the CSVs have every value.
        double maxHosts = 1;
        double maxKw = 0.1;
        for (RunResult r : runs) {
            for (int i = SKIP_FOR_SCALE; i < r.activeHosts().length; i++) {
                maxHosts = Math.max(maxHosts, r.activeHosts()[i]);
                maxKw = Math.max(maxKw, r.powerWatts()[i] / 1000);
            }
        }
        NumberAxis hostAxis = new NumberAxis("active hosts (first hour clipped)");
        hostAxis.setRange(0, maxHosts * 1.25);
        NumberAxis powerAxis = new NumberAxis("power, kW (first hour clipped)");
        powerAxis.setRange(0, maxKw * 1.25);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(time);
        XYPlot hostPlot = new XYPlot(hosts, null, hostAxis, renderer(runs.size()));
        plot.add(hostPlot, 1);
        plot.add(new XYPlot(watts, null, powerAxis, renderer(runs.size())), 1);
        plot.setFixedLegendItems(hostPlot.getLegendItems());
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 1200, 800);
    }

    private static XYLineAndShapeRenderer renderer(int n) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < n; i++) {
            r.setSeriesPaint(i, COLORS[i % COLORS.length]);
            r.setSeriesStroke(i, new BasicStroke(i == n - 1 ? 2.5f : 1.2f));
        }
        return r;
    }
}

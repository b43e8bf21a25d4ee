package org.attune.itests.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scenario's timeline writers, without the lab: a CSV row per second and a 1200x900 PNG. */
class ScenarioChartTest {

    @TempDir
    Path dir;

    @Test
    void writesTheTimelineAsCsvAndPng() throws Exception {
        List<ScenarioChart.Row> rows = new ArrayList<>();
        for (int t = 1; t <= 60; t++) {
            rows.add(new ScenarioChart.Row(t, t, t - 0.5, t < 3 ? Double.NaN : t - 1, 50, t > 30 ? 40 : 1, 1,
                    t > 30 ? 80 : 400, 0, "hostA", t > 30 ? "hostB" : "hostA"));
        }
        List<ScenarioChart.Migration> migrations = List.of(
                new ScenarioChart.Migration("app2", "hostA", "hostB", 29.2, 30.5, 1300, 25, "tier app busy"));
        ScenarioChart.writeCsv(dir.resolve("t.csv"), rows, migrations);
        ScenarioChart.writePng(dir.resolve("t.png"), rows, migrations, "test");

        List<String> csv = Files.readAllLines(dir.resolve("t.csv"));
        assertThat(csv).hasSize(61);
        assertThat(csv.get(0)).startsWith("t_s,target_rps,served_rps,probe_rps,cpu_hostA_pct");
        assertThat(csv.get(2)).as("unmeasured is empty, not 0").startsWith("2,2.00,1.50,,50.00");
        assertThat(csv.get(30)).endsWith("migration start app2 hostA->hostB;");
        assertThat(csv.get(31)).endsWith("migration end app2 total 1300 ms downtime 25 ms;");
        BufferedImage png = ImageIO.read(dir.resolve("t.png").toFile());
        assertThat(png.getWidth()).isEqualTo(1200);
        assertThat(png.getHeight()).isEqualTo(900);
    }
}

package org.attune.orchestrator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Set;

import org.attune.api.MetricHistory;
import org.attune.api.Sample;
import org.attune.api.Series;
import org.attune.api.Subject;
import org.junit.jupiter.api.Test;

class MetricsStoreTest {

    private static Sample sample(String host, double value, long t) {
        return new Sample(Subject.host(host), "cpu", value, Instant.ofEpochMilli(t));
    }

    @Test
    void keepsTheNewestSamplesOldestFirst() {
        MetricsStore store = new MetricsStore(3);
        for (int i = 1; i <= 5; i++) {
            store.record(sample("h1", i, i * 1000L));
        }
        Series s = store.snapshot().series(Subject.host("h1"), "cpu");
        assertThat(s.values()).containsExactly(3, 4, 5);
        assertThat(s.time(0).toEpochMilli()).isEqualTo(3000);
    }

    @Test
    void snapshotIsNotChangedByLaterSamples() {
        MetricsStore store = new MetricsStore(5);
        store.record(sample("h1", 1, 1));
        MetricHistory before = store.snapshot();
        store.record(sample("h1", 2, 2));
        assertThat(before.series(Subject.host("h1"), "cpu").values()).containsExactly(1);
    }

    @Test
    void forgetsSubjectsThatAreGone() {
        MetricsStore store = new MetricsStore(5);
        store.record(sample("h1", 1, 1));
        store.record(sample("h2", 1, 1));
        store.retainSubjects(s -> s.id().equals("h1"));
        assertThat(store.snapshot().keys()).extracting(k -> k.subject().id()).containsExactly("h1");
        store.forget(Set.of(Subject.host("h1")));
        assertThat(store.snapshot().size()).isZero();
    }

    @Test
    void refusesZeroCapacity() {
        assertThatThrownBy(() -> new MetricsStore(0)).hasMessageContaining("at least 1");
    }
}

package org.attune.orchestrator.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.attune.api.orchestrator.PolicyInfo;
import org.attune.api.policy.Policy;

/**
 * The bound policies by name. Several services may carry the same name (a bundle being replaced): the one bound
 * last wins, and when it goes the previous one takes over. Thread-safe.
 */
final class PolicyRegistry {

    /** A bound policy, its name, the bundle it came from and when it was bound. */
    record Entry(Policy policy, String name, String bundle, long order) {
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    private final AtomicLong order = new AtomicLong();

    /** Binds a policy; a blank name means the policy's own {@link Policy#name()}. */
    Entry add(Policy policy, String name, String bundle) {
        String policyName = name != null && !name.isBlank() ? name : policy.name();
        Entry e = new Entry(policy, policyName, bundle == null ? "" : bundle, order.incrementAndGet());
        entries.add(e);
        return e;
    }

    /** Unbinds a policy service; empty when it was not bound. */
    Optional<Entry> remove(Policy policy) {
        Entry removed = null;
        for (Entry e : entries) {
            if (e.policy() == policy) {
                removed = e;
            }
        }
        if (removed != null) {
            entries.remove(removed);
        }
        return Optional.ofNullable(removed);
    }

    /** The policy of that name bound last. */
    Optional<Entry> find(String name) {
        Entry best = null;
        for (Entry e : entries) {
            if (e.name().equals(name) && (best == null || e.order() > best.order())) {
                best = e;
            }
        }
        return Optional.ofNullable(best);
    }

    /** One line per name, sorted, the active one marked. */
    List<PolicyInfo> infos(String active) {
        Map<String, Entry> byName = new LinkedHashMap<>();
        for (Entry e : entries) {
            byName.merge(e.name(), e, (a, b) -> a.order() > b.order() ? a : b);
        }
        return byName.values().stream().sorted((a, b) -> a.name().compareTo(b.name()))
                .map(e -> new PolicyInfo(e.name(), e.bundle(), e.name().equals(active))).toList();
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }
}

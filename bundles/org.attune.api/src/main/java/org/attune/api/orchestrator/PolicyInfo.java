package org.attune.api.orchestrator;

/**
 * A policy the orchestrator knows about.
 *
 * @param name   the policy's name
 * @param bundle symbolic name of the bundle that provides it
 * @param active whether it is the one the loop runs
 */
public record PolicyInfo(String name, String bundle, boolean active) {
}

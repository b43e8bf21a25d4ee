package org.attune.simulation;

/** The engine refuses an operation: the message names the host or guest and says what is wrong. */
public class SimulationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SimulationException(String message) {
        super(message);
    }
}

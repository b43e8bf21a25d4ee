package org.attune.shell.internal;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;

/** Wires a command to a {@link FakeOrchestrator} and captures what it prints. */
abstract class CommandTestSupport {

    FakeOrchestrator orchestrator;
    private ByteArrayOutputStream bytes;

    @BeforeEach
    void setUpFake() {
        orchestrator = new FakeOrchestrator();
        bytes = new ByteArrayOutputStream();
    }

    <C extends AttuneCommandSupport> C wire(C command) {
        command.setOrchestrator(orchestrator);
        command.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return command;
    }

    String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    List<String> lines() {
        return Arrays.asList(output().split("\\R"));
    }

    /** The cells of each printed line of a --no-format table (tab-separated). */
    List<List<String>> rows() {
        return lines().stream().map(l -> Arrays.stream(l.split("\t")).map(String::trim).toList()).toList();
    }
}

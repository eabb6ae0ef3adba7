package io.kin.bench.options;

import picocli.CommandLine.Option;

public final class OutputOptions {

    @Option(names = "--json", description = "Print one JSON object per run instead of the table.")
    boolean json;

    public boolean json() {
        return json;
    }
}

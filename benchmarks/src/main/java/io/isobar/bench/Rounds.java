package io.isobar.bench;

import picocli.CommandLine.Option;

/**
 * {@code --cold} and {@code --warm}: how many cold and warm requests (or rounds) a latency benchmark measures. Each
 * benchmark mixes it in with its own defaults, which {@code --help} shows.
 */
final class Rounds {

    @Option(names = "--cold", paramLabel = "N", description = "Cold requests (rounds for edr): every cache emptied before each.")
    int cold;

    @Option(names = "--warm", paramLabel = "N", description = "Warm requests (rounds for edr): caches full.")
    int warm;

    Rounds(int cold, int warm) {
        this.cold = cold;
        this.warm = warm;
    }
}

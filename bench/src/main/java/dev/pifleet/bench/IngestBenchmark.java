package dev.pifleet.bench;

public final class IngestBenchmark {
    public static void main(String[] args) {
    }
}

package dev.slipway.benchmarks.storage;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The engine under Spring Boot as an embedding application runs it: auto-configured, without a web server. */
@SpringBootApplication
class BenchmarkApplication {
}

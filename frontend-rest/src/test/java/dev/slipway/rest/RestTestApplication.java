package dev.slipway.rest;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * The engine with an in-memory event store, the JGit and Docker adapters, and the REST frontend, all registered
 * by their auto-configurations only, as in an application that does not scan this package.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class RestTestApplication {
}

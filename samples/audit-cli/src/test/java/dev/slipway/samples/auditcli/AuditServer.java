package dev.slipway.samples.auditcli;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** A Slipway server as the quickstart runs it: both frontends, Axon's JPA event store on an H2 file. */
@SpringBootConfiguration
@EnableAutoConfiguration
class AuditServer {
}

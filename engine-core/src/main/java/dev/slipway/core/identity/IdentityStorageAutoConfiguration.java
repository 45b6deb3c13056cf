package dev.slipway.core.identity;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Stores users, sessions and API tokens in the application's data source, the one that also contains the engine's
 * events under the embedded and PostgreSQL storage, and creates their tables with Flyway at startup. Without a data
 * source or without Flyway on the class path there is no {@link IdentityStore} bean, and the web frontends keep
 * identities in memory.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@ConditionalOnClass(Flyway.class)
@ConditionalOnBean(DataSource.class)
public class IdentityStorageAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public IdentityStore slipwayIdentityStore(DataSource dataSource) {
        JdbcIdentityStore.migrate(dataSource);
        return new JdbcIdentityStore(dataSource);
    }
}

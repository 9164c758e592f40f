package dev.downtime.receiver.database;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.binder.MeterBinder;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The pools behind the service's data source: the one Boot makes from {@code
 * spring.datasource.hikari.*}, shared by everything, and a copy of it sized {@value
 * ReservedConnections#POOL_SIZE} for {@link ReservedConnections}. Both get the driver timeouts of
 * {@link DatabaseProperties}. An instance opens at most {@code maximum-pool-size} + {@value
 * ReservedConnections#POOL_SIZE} connections.
 */
@Configuration(proxyBeanMethods = false)
class ConnectionPoolsConfiguration {

    /** Applied once Boot has bound {@code spring.datasource.hikari.*}, before the pool first connects. */
    @Bean
    static BeanPostProcessor connectionPools(ObjectProvider<DatabaseProperties> properties) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (!(bean instanceof HikariDataSource shared)) {
                    return bean;
                }
                properties
                        .getObject()
                        .pooledConnectionProperties()
                        .forEach((name, value) -> shared.addDataSourceProperty((String) name, value));
                HikariDataSource reserved = new HikariDataSource();
                shared.copyStateTo(reserved);
                reserved.setPoolName("reserved");
                reserved.setMaximumPoolSize(ReservedConnections.POOL_SIZE);
                reserved.setMinimumIdle(1);
                return new ReservingDataSource(shared, reserved);
            }
        };
    }

    /** The reserved pool's {@code hikaricp_*} metrics, tagged with its name (Boot's binder sees the shared one). */
    @Bean
    MeterBinder reservedPoolMetrics(DataSource dataSource) {
        return registry -> {
            if (dataSource instanceof ReservingDataSource pools) {
                pools.reserved().setMetricRegistry(registry);
            }
        };
    }
}

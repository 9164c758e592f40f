package dev.downtime.receiver;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

/** Spring Modulith's JDBC event publication registry, set up so that the service starts without PostgreSQL. */
@Configuration(proxyBeanMethods = false)
class EventRegistryConfiguration {

    static final String DATABASE_TYPE_BEAN = "databaseType";
    static final String DATABASE_TYPE_CLASS = "org.springframework.modulith.events.jdbc.DatabaseType";

    /**
     * Spring Modulith 2.1 asks the data source for the database's product name while the context
     * starts (spring-projects/spring-modulith#924), which fails while PostgreSQL is down. It is
     * always PostgreSQL here, so the registry is told so instead. Its type is package-private,
     * hence the lookup by name; drop this once {@code spring.modulith.events.jdbc.database-type}
     * exists (Modulith 2.2).
     */
    @Bean
    static BeanFactoryPostProcessor eventRegistryOnPostgres() {
        return beanFactory -> {
            if (!beanFactory.containsBeanDefinition(DATABASE_TYPE_BEAN)) {
                return;
            }
            BeanDefinition definition = beanFactory.getBeanDefinition(DATABASE_TYPE_BEAN);
            Object postgres = postgres(beanFactory.getBeanClassLoader());
            ((AbstractBeanDefinition) definition).setInstanceSupplier(() -> postgres);
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object postgres(@Nullable ClassLoader classLoader) {
        try {
            Class<? extends Enum> type = (Class<? extends Enum>) ClassUtils.forName(DATABASE_TYPE_CLASS, classLoader);
            return Enum.valueOf(type, "POSTGRES");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("Spring Modulith's JDBC registry changed: " + DATABASE_TYPE_CLASS, e);
        }
    }
}

package dev.downtime.receiver;

import dev.downtime.receiver.database.DerivedData;
import java.lang.reflect.Proxy;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.core.EventPublicationRepository;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Spring Modulith's JDBC event publication registry, set up so that the service starts without
 * PostgreSQL, and so that its marks of a publication's progress do not wait for the disk.
 */
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

    /** What the registry writes of a publication's progress, around a listener's transaction (void methods). */
    static final Set<String> BOOKKEEPING = Set.of("markProcessing", "markCompleted");

    /**
     * The registry marks a publication as being processed before its listener runs, and completes
     * it (deletes it) after the listener's transaction has committed, each in a transaction of its
     * own ({@code REQUIRES_NEW}, holding nothing else) that waited for the disk: two more flushes
     * per publication, four per webhook batch, on the disk the webhook's commits wait on. Lost in a
     * crash of PostgreSQL, such a mark leaves the publication incomplete, and the retry job hands it
     * over again to a listener that applies it twice without change; a completion is never on disk
     * before the listener's own commit, which precedes it in the log. So the registry's repository
     * makes these transactions commit without waiting (see {@link DerivedData}).
     */
    @Bean
    static BeanPostProcessor eventBookkeepingWithoutWaitingForDisk(
            ObjectProvider<TransactionTemplate> transactions, ObjectProvider<JdbcClient> jdbc) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (!(bean instanceof EventPublicationRepository repository)) {
                    return bean;
                }
                return Proxy.newProxyInstance(
                        EventPublicationRepository.class.getClassLoader(),
                        new Class<?>[] {EventPublicationRepository.class},
                        (proxy, method, args) -> {
                            if (!BOOKKEEPING.contains(method.getName())) {
                                return ReflectionUtils.invokeMethod(method, repository, args);
                            }
                            transactions.getObject().executeWithoutResult(status -> {
                                DerivedData.commitWithoutWaitingForDisk(jdbc.getObject());
                                ReflectionUtils.invokeMethod(method, repository, args);
                            });
                            return null;
                        });
            }
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

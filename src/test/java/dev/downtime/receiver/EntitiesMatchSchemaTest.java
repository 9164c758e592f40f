package dev.downtime.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManagerFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.test.context.ContextConfiguration;

/**
 * Flyway owns the schema; the entities must match what its migrations made. Hibernate checks every
 * mapped table and column against the migrated test database ({@code ddl-auto=validate}, which
 * needs the JDBC metadata the service itself never reads at boot) and refuses to start otherwise.
 */
@DataJpaTest(
        properties = {
            "spring.jpa.hibernate.ddl-auto=validate",
            "spring.jpa.properties.hibernate.boot.allow_jdbc_metadata_access=true"
        })
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
class EntitiesMatchSchemaTest {

    @Autowired
    EntityManagerFactory entityManagerFactory;

    @Test
    void validatesEveryEntityAgainstTheMigratedSchema() {
        // Every @Entity of the code, so that none escapes validation by not being scanned.
        List<String> declared = ArchitectureTest.CLASSES.stream()
                .filter(type -> type.isAnnotatedWith(Entity.class))
                .map(JavaClass::getName)
                .toList();
        assertThat(declared).isNotEmpty();
        assertThat(entityManagerFactory.getMetamodel().getEntities())
                .extracting(entity -> entity.getJavaType().getName())
                .containsAll(declared);
    }
}

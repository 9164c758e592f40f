package dev.downtime.receiver;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.data.repository.Repository;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.ControllerAdvice;

/**
 * What Spring Modulith's verification does not check: controllers (and controller advice, such as
 * the exception handlers) translate HTTP and call their module's services, which own the SQL and
 * the transactions; entities and repositories stay inside their module.
 */
class ArchitectureTest {

    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.downtime.receiver");

    @Test
    void controllersHoldNoSqlNorTransactions() {
        noClasses()
                .that()
                .areMetaAnnotatedWith(Controller.class)
                .or()
                .areMetaAnnotatedWith(ControllerAdvice.class)
                .should()
                .dependOnClassesThat(assignableTo(JdbcClient.class)
                        .or(assignableTo(JdbcOperations.class))
                        .or(assignableTo(NamedParameterJdbcOperations.class))
                        .or(assignableTo(EntityManager.class))
                        .or(assignableTo(DataSource.class))
                        .or(assignableTo(TransactionTemplate.class))
                        .or(assignableTo(Repository.class)))
                .orShould()
                .beAnnotatedWith(Transactional.class)
                .check(CLASSES);
        methods()
                .that()
                .areDeclaredInClassesThat()
                .areMetaAnnotatedWith(Controller.class)
                .or()
                .areDeclaredInClassesThat()
                .areMetaAnnotatedWith(ControllerAdvice.class)
                .should()
                .notBeAnnotatedWith(Transactional.class)
                .check(CLASSES);
    }

    @Test
    void entitiesAndRepositoriesStayInsideTheirModule() {
        classes().that().areAnnotatedWith(Entity.class).should().notBePublic().check(CLASSES);
        classes()
                .that()
                .areAssignableTo(Repository.class)
                .should()
                .notBePublic()
                .check(CLASSES);
    }
}

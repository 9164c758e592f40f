package dev.downtime.receiver.maintenance;

import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

interface MaintenanceWindowRepository
        extends JpaRepository<MaintenanceWindow, UUID>, JpaSpecificationExecutor<MaintenanceWindow> {}

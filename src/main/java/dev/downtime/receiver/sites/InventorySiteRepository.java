package dev.downtime.receiver.sites;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/** Sites one at a time; see {@link InventoryStore} for the whole inventory at once. */
interface InventorySiteRepository extends JpaRepository<InventorySite, UUID> {

    /** By normalized URL: its digest first (the unique index, V30), then the text itself. */
    @Query(value = "SELECT * FROM site WHERE url_key(url) = url_key(:url) AND url = :url", nativeQuery = true)
    Optional<InventorySite> findByUrl(@Param("url") String url);
}

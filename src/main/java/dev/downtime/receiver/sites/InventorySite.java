package dev.downtime.receiver.sites;

import dev.downtime.receiver.site.SiteUrl;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;
import org.jspecify.annotations.Nullable;

/**
 * A site of the inventory as stored, edited one at a time through JPA; uploads of many sites go
 * through {@link InventoryStore} in one statement. Its URL is its identity and never changes.
 */
@Entity
@Table(name = "site")
class InventorySite {

    @Id
    private UUID id;

    @Column(updatable = false)
    private String url;

    private @Nullable String host;

    @Convert(converter = LabelsColumn.class)
    @Column(columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    private Labels labels;

    @Column(updatable = false)
    private Instant createdAt;

    private Instant updatedAt;

    @Version
    private @Nullable Long version;

    @SuppressWarnings("NullAway.Init")
    protected InventorySite() {}

    InventorySite(UUID id, Site site, Instant now) {
        this.id = id;
        this.url = site.key();
        this.host = site.host();
        this.labels = site.labels();
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** The site as the rest of the service sees it. */
    Site toSite() {
        return new Site(SiteUrl.parse(url), host, labels);
    }

    UUID id() {
        return id;
    }

    String url() {
        return url;
    }
}

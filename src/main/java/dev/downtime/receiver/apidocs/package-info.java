/**
 * The OpenAPI 3.1 contract of the admin API and of the webhook, served by springdoc at {@code
 * /v3/api-docs} with Swagger UI: paths, parameters and schemas from the controllers and their
 * records; the role each operation needs from its {@code @RequiresRole}; summaries, examples, the
 * problem-detail error schema, the bearer scheme and the webhook's plain-text contract from here.
 */
@NullMarked
package dev.downtime.receiver.apidocs;

import org.jspecify.annotations.NullMarked;

package dev.downtime.receiver.apidocs;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the code cannot say about each operation: its summary, what it answers on success, the
 * errors of its own (beyond those every admin request may get) and an example of its request and
 * response bodies. Keyed by method and path as the document has them; an operation mapped but
 * missing here fails {@code OpenApiDocumentTest}.
 */
final class ApiOperations {

    static final String WINDOWS = "Maintenance windows";
    static final String NOTIFICATIONS = "Notifications";
    static final String DECISION = "Decision";
    static final String INCIDENTS = "Incidents";
    static final String TOKENS = "Admin tokens";
    static final String AUDIT = "Audit log";
    static final String SITES = "Site inventory";
    static final String PROMISES = "Promises";

    /**
     * @param status the success status
     * @param errors statuses this operation may answer besides 401, 403, 429 and 503
     */
    record Doc(
            String operationId,
            String tag,
            String summary,
            int status,
            List<Integer> errors,
            @Nullable String requestExample,
            @Nullable String responseExample) {}

    private static final String WINDOW_REQUEST = """
            {"scope":"domain","target":"*.example.com","startsAt":"2026-03-01T12:00:00Z",\
            "endsAt":"2026-03-01T14:00:00Z","reason":"storage migration"}""";

    private static final String WINDOW = """
            {"id":"0b6c3c2e-54c5-4c1e-9d0b-5c1f0e6a1d11","scope":"domain","target":"*.example.com",\
            "startsAt":"2026-03-01T12:00:00Z","endsAt":"2026-03-01T14:00:00Z","reason":"storage migration",\
            "createdBy":"alice","createdAt":"2026-03-01T11:58:00Z","updatedAt":"2026-03-01T11:58:00Z",\
            "endedAt":null,"state":"active"}""";

    private static final String ENDED_WINDOW = """
            {"id":"7a1e2b3c-4d5e-4f60-8172-93a4b5c6d7e8","scope":"url","target":"https://shop.example.com/",\
            "startsAt":"2026-03-01T10:00:00Z","endsAt":"2026-03-01T16:00:00Z","reason":"checkout rewrite",\
            "createdBy":"alice","createdAt":"2026-02-28T09:00:00Z","updatedAt":"2026-03-01T12:00:00Z",\
            "endedAt":"2026-03-01T12:00:00Z","state":"ended"}""";

    private static final String RECURRING_WINDOW = """
            {"id":"2c4e6a8b-1d3f-4a5b-9c7d-0e2f4a6b8c9d","scope":"selector","target":"env=prod,team=payments",\
            "startsAt":"2026-12-22T01:00:00Z","endsAt":"3000-01-01T00:00:00Z","reason":"weekly patching",\
            "createdBy":"alice","createdAt":"2026-12-01T09:00:00Z","updatedAt":"2026-12-21T08:00:00Z",\
            "endedAt":null,"state":"upcoming","recurrence":{"rrule":"FREQ=WEEKLY;BYDAY=TU",\
            "timeZone":"Europe/Paris","start":"2026-12-22T02:00:00","duration":"PT2H",\
            "skipped":["2026-12-29T02:00:00"],"endsFrom":null,"endedEarly":[]}}""";

    private static final String SITE = """
            {"url":"https://shop.example.com/","host":"web-3","labels":{"env":"prod","team":"payments"}}""";

    private static final String OTHER_SITE = """
            {"url":"https://blog.example.com/","host":"web-1","labels":{"env":"prod","team":"content"}}""";

    private static final String IMPORTED_WINDOW = """
            {"id":"0b6c3c2e-54c5-4c1e-9d0b-5c1f0e6a1d11","scope":"domain","target":"*.example.com",\
            "startsAt":"2026-03-01T12:00:00Z","endsAt":"2026-03-01T14:00:00Z","reason":"storage migration"}""";

    private static final String NEW_IMPORTED_WINDOW = """
            {"id":null,"scope":"host","target":"web-3","startsAt":"2026-03-02T01:00:00Z",\
            "endsAt":"2026-03-02T02:00:00Z","reason":"kernel update"}""";

    private static final String NOTIFICATION = """
            {"id":"5d1f9a4e-7a53-4b8e-a3c6-0c1d8e1f2a3b","receivedAt":"2026-03-01T12:05:00Z","ts":1772366700,\
            "url":"http://example.com","normalizedUrl":"http://example.com","code":503,"host":"example",\
            "type":"http","reply":"2026-03-01T14:00:00Z","windowIds":["0b6c3c2e-54c5-4c1e-9d0b-5c1f0e6a1d11"],\
            "remoteAddress":"192.0.2.10","foreignHost":false,"tsMillis":1772366700000,"rawTs":1772366700,\
            "rawCode":503,"tsSkewed":false}""";

    private static final String INCIDENT = """
            {"id":"9e8d7c6b-5a49-4837-8261-504f3e2d1c0b","url":"http://example.com","host":"example",\
            "state":"open","openedAt":"2026-03-01T12:05:00Z","lastNotifiedAt":"2026-03-01T12:05:00Z",\
            "closedAt":null,"notificationCount":1,"firstCode":503,"worstCode":503,"lastCode":503,"covered":false,\
            "coveringWindowIds":[],"maintenanceOverranAt":null,"verdict":"confirmed","upFromOurSideAt":null}""";

    static final Map<String, Doc> DOCS = Map.ofEntries(
            Map.entry(
                    "POST /api/v1/maintenance-windows",
                    new Doc(
                            "createWindow",
                            WINDOWS,
                            "Plan a maintenance window, one-off (startsAt defaults to now) or recurring (recurrence); answers"
                                    + " it with its ETag and Location; with dryRun=true, answers 200 with what it would"
                                    + " cover instead",
                            201,
                            List.of(400, 413),
                            WINDOW_REQUEST,
                            WINDOW)),
            Map.entry(
                    "GET /api/v1/maintenance-windows",
                    new Doc(
                            "listWindows",
                            WINDOWS,
                            "List windows, newest first, filtered by state, scope, target or the URL they would match",
                            200,
                            List.of(400),
                            null,
                            page(WINDOW))),
            Map.entry(
                    "GET /api/v1/maintenance-windows/{id}",
                    new Doc(
                            "getWindow",
                            WINDOWS,
                            "Read one window, with its ETag",
                            200,
                            List.of(400, 404),
                            null,
                            WINDOW)),
            Map.entry(
                    "PUT /api/v1/maintenance-windows/{id}",
                    new Doc(
                            "rescheduleWindow",
                            WINDOWS,
                            "Reschedule a window that has not ended (a full replacement); 409 for a stale If-Match, or if it"
                                    + " cuts short promises made, unless confirm=true; dryRun=true previews",
                            200,
                            List.of(400, 404, 409, 413),
                            WINDOW_REQUEST,
                            WINDOW)),
            Map.entry(
                    "POST /api/v1/maintenance-windows/{id}/end",
                    new Doc(
                            "endWindow",
                            WINDOWS,
                            "End a window now (a recurring one: from an instant, from=); it stays in the history; 409 if it"
                                    + " cuts short promises made, unless confirm=true",
                            200,
                            List.of(400, 404, 409),
                            null,
                            WINDOW)),
            Map.entry(
                    "DELETE /api/v1/maintenance-windows/{id}",
                    new Doc(
                            "deleteWindow",
                            WINDOWS,
                            "Delete a window that is still upcoming (others are ended instead: 409); 409 if it cuts short"
                                    + " promises made, unless confirm=true",
                            204,
                            List.of(400, 404, 409),
                            null,
                            null)),
            Map.entry(
                    "GET /api/v1/maintenance-windows/{id}/occurrences",
                    new Doc(
                            "listOccurrences",
                            WINDOWS,
                            "The next occurrences of a recurring window (count, default 10) from an instant (default now);"
                                    + " 409 for a one-off window",
                            200,
                            List.of(400, 404, 409),
                            null,
                            """
                            [{"scheduledStart":"2026-12-22T02:00:00","startsAt":"2026-12-22T01:00:00Z",\
                            "endsAt":"2026-12-22T03:00:00Z","localStart":"2026-12-22T02:00:00+01:00",\
                            "localEnd":"2026-12-22T04:00:00+01:00","endedEarly":false}]""")),
            Map.entry(
                    "POST /api/v1/maintenance-windows/{id}/occurrences/{start}/skip",
                    new Doc(
                            "skipOccurrence",
                            WINDOWS,
                            "Skip an upcoming occurrence of a recurring window, named by its scheduled local start"
                                    + " (2026-12-29T02:00:00); 409 if it cuts short promises made, unless confirm=true",
                            200,
                            List.of(400, 404, 409),
                            null,
                            RECURRING_WINDOW)),
            Map.entry(
                    "POST /api/v1/maintenance-windows/{id}/occurrences/{start}/end",
                    new Doc(
                            "endOccurrence",
                            WINDOWS,
                            "End the occurrence in progress now (the next ones take place as planned); 409 if it cuts"
                                    + " short promises made, unless confirm=true",
                            200,
                            List.of(400, 404, 409),
                            null,
                            RECURRING_WINDOW)),
            Map.entry(
                    "POST /api/v1/maintenance-windows/bulk",
                    new Doc(
                            "bulkChangeWindows",
                            WINDOWS,
                            "Create, end and delete many windows at once, all or nothing (every problem named in the 400);"
                                    + " with dryRun=true, only previews",
                            200,
                            List.of(400, 413),
                            """
                            {"create":[%s],"end":["7a1e2b3c-4d5e-4f60-8172-93a4b5c6d7e8"],"delete":[]}""".formatted(WINDOW_REQUEST),
                            """
                            {"dryRun":false,"previews":[],"created":[%s],"ended":[%s],"deleted":[]}""".formatted(WINDOW, ENDED_WINDOW))),
            Map.entry(
                    "GET /api/v1/maintenance-windows/export",
                    new Doc(
                            "exportWindows",
                            WINDOWS,
                            "The current and upcoming windows, in the shape the import takes back",
                            200,
                            List.of(),
                            null,
                            """
                            {"exportedAt":"2026-03-01T12:30:00Z","windows":[%s]}""".formatted(IMPORTED_WINDOW))),
            Map.entry(
                    "POST /api/v1/maintenance-windows/import",
                    new Doc(
                            "importWindows",
                            WINDOWS,
                            "Create (no id) or change (id) the windows of an exported file, all or nothing;"
                                    + " with dryRun=true, answers the diff only",
                            200,
                            List.of(400, 413),
                            """
                            {"exportedAt":"2026-03-01T12:30:00Z","windows":[%s,%s]}""".formatted(IMPORTED_WINDOW.replace("14:00:00Z", "15:00:00Z"), NEW_IMPORTED_WINDOW),
                            """
                            {"dryRun":true,"added":[%s],"changed":[{"before":%s,"after":%s}],"unchanged":0}""".formatted(
                                            NEW_IMPORTED_WINDOW,
                                            IMPORTED_WINDOW,
                                            IMPORTED_WINDOW.replace("14:00:00Z", "15:00:00Z")))),
            Map.entry(
                    "PUT /api/v1/sites",
                    new Doc(
                            "uploadSites",
                            SITES,
                            "Upsert the sites of a JSON array or a CSV body (url,host, then a column per label), all or"
                                    + " nothing; prune=true removes the sites the body lacks, dryRun=true changes nothing;"
                                    + " answers the diff",
                            200,
                            List.of(400, 413),
                            "[" + SITE + "," + OTHER_SITE + "]",
                            """
                            {"dryRun":false,"added":[%s],"changed":[{"before":%s,"after":%s}],"removed":[],\
                            "unchanged":41}""".formatted(SITE, OTHER_SITE.replace("\"web-1\"", "\"web-2\""), OTHER_SITE))),
            Map.entry(
                    "GET /api/v1/sites",
                    new Doc(
                            "listSites",
                            SITES,
                            "The sites by URL, those matching a label selector when given; or, with reported=unknown,"
                                    + " the URLs Monitor reported in the last 30 days that the inventory lacks"
                                    + " (url, host, lastReportedAt)",
                            200,
                            List.of(400),
                            null,
                            page(SITE))),
            Map.entry(
                    "GET /api/v1/sites/export",
                    new Doc(
                            "exportSites",
                            SITES,
                            "Every site by URL, as JSON (the upload's shape) or CSV (Accept: text/csv)",
                            200,
                            List.of(),
                            null,
                            "[" + OTHER_SITE + "," + SITE + "]")),
            Map.entry(
                    "GET /api/v1/sites/{url}",
                    new Doc(
                            "getSite",
                            SITES,
                            "One site, named by its full URL as is after /api/v1/sites/ (a ? or # in it percent-encoded)",
                            200,
                            List.of(400, 404),
                            null,
                            SITE)),
            Map.entry(
                    "DELETE /api/v1/sites/{url}",
                    new Doc(
                            "deleteSite",
                            SITES,
                            "Remove one site from the inventory, named by its full URL as is after /api/v1/sites/",
                            204,
                            List.of(400, 404),
                            null,
                            null)),
            Map.entry(
                    "GET /api/v1/promises",
                    new Doc(
                            "listPromises",
                            PROMISES,
                            "What Monitor was promised: the newest instant answered for each URL, filtered by url and"
                                    + " active (still holding)",
                            200,
                            List.of(400),
                            null,
                            page("""
                                    {"url":"https://shop.example.com/","promisedUntil":"2026-03-01T14:00:00Z",\
                                    "toldAt":"2026-03-01T12:05:00Z","windowIds":["0b6c3c2e-54c5-4c1e-9d0b-5c1f0e6a1d11"],\
                                    "active":true}"""))),
            Map.entry(
                    "GET /api/v1/notifications",
                    new Doc(
                            "listNotifications",
                            NOTIFICATIONS,
                            "What Monitor reported and what was answered, newest first, filtered by url, host, code, since, until",
                            200,
                            List.of(400),
                            null,
                            page(NOTIFICATION))),
            Map.entry(
                    "GET /api/v1/notifications/quarantine",
                    new Doc(
                            "listQuarantine",
                            NOTIFICATIONS,
                            "Notifications PostgreSQL refused to store, and unreadable spool lines, newest first",
                            200,
                            List.of(400),
                            null,
                            page("""
                                    {"id":"5d1f9a4e-7a53-4b8e-a3c6-0c1d8e1f2a3b","quarantinedAt":"2026-03-01T12:05:01Z",\
                                    "stage":"commit","sqlState":"54000","reason":"index row size 3016 exceeds maximum 2704",\
                                    "notification":%s,"line":null}""".formatted(NOTIFICATION)))),
            Map.entry(
                    "GET /api/v1/decision",
                    new Doc(
                            "explainDecision",
                            DECISION,
                            "What the webhook would answer now, or at another instant (at=), for a URL, host and code, and"
                                    + " which windows make it so",
                            200,
                            List.of(400),
                            null,
                            """
                            {"evaluatedAt":"2026-03-01T12:05:00Z","url":"https://www.example.com",\
                            "normalizedUrl":"https://www.example.com","host":"example","code":503,"foreignHost":false,\
                            "matchingWindows":[{"id":"0b6c3c2e-54c5-4c1e-9d0b-5c1f0e6a1d11","scope":"domain",\
                            "target":"*.example.com","occurrence":null,"startsAt":"2026-03-01T12:00:00Z","endsAt":"2026-03-01T14:00:00Z",\
                            "reason":"storage migration","state":"active",\
                            "matchedBy":"the URL's host www.example.com is a subdomain of example.com","inStretch":true}],"coveredUntil":"2026-03-01T14:00:00Z",\
                            "reply":"2026-03-01T14:00:00Z"}""")),
            Map.entry(
                    "GET /api/v1/incidents",
                    new Doc(
                            "listIncidents",
                            INCIDENTS,
                            "Incidents, newest first, filtered by state, url, host, since",
                            200,
                            List.of(400),
                            null,
                            page(INCIDENT))),
            Map.entry(
                    "GET /api/v1/incidents/{id}",
                    new Doc(
                            "getIncident",
                            INCIDENTS,
                            "One incident with its latest notifications, our checks of the site and the alerts sent",
                            200,
                            List.of(400, 404),
                            null,
                            """
                            {"incident":%s,"notifications":[{"id":"5d1f9a4e-7a53-4b8e-a3c6-0c1d8e1f2a3b",\
                            "receivedAt":"2026-03-01T12:05:00Z","ts":1772366700,"code":503,"reply":"ok"}],\
                            "verifications":[{"checkedAt":"2026-03-01T12:05:30Z","url":"http://example.com",\
                            "method":"GET","status":503,"latencyMs":120,"error":null,"detail":null}],\
                            "alerts":[]}""".formatted(INCIDENT))),
            Map.entry(
                    "POST /api/v1/tokens",
                    new Doc(
                            "issueToken",
                            TOKENS,
                            "Issue a per-person token with a role; the token is shown this once",
                            201,
                            List.of(400, 409, 413),
                            """
                            {"name":"alice","role":"editor"}""",
                            """
                            {"id":"3f2e1d0c-b9a8-4766-8554-43322110f0e9","name":"alice","role":"editor",\
                            "createdBy":"ops","createdAt":"2026-03-01T12:00:00Z",\
                            "token":"q3Zr7yT0b8m1V5cXw2kN9pL4sD6fG0hJ1aB2cE3dF4g"}""")),
            Map.entry(
                    "GET /api/v1/tokens",
                    new Doc(
                            "listTokens",
                            TOKENS,
                            "Every token issued through the API, newest first, never the token itself",
                            200,
                            List.of(),
                            null,
                            """
                            [{"id":"3f2e1d0c-b9a8-4766-8554-43322110f0e9","name":"alice","role":"editor",\
                            "createdBy":"ops","createdAt":"2026-03-01T12:00:00Z","revokedBy":null,"revokedAt":null}]""")),
            Map.entry(
                    "DELETE /api/v1/tokens/{id}",
                    new Doc(
                            "revokeToken",
                            TOKENS,
                            "Revoke a token: it opens nothing from then on (409 if already revoked)",
                            204,
                            List.of(400, 404, 409),
                            null,
                            null)),
            Map.entry(
                    "GET /api/v1/audit",
                    new Doc(
                            "listAuditEvents",
                            AUDIT,
                            "Every change made through the admin API, newest first: who, when, what, before and after",
                            200,
                            List.of(400),
                            null,
                            page("""
                                    {"id":42,"occurredAt":"2026-03-01T12:10:00Z","actor":"alice","action":"window.ended",\
                                    "subjectType":"window","subjectId":"0b6c3c2e-54c5-4c1e-9d0b-5c1f0e6a1d11",\
                                    "before":{"endedAt":null},"after":{"endedAt":"2026-03-01T12:10:00Z"}}"""))));

    private ApiOperations() {}

    private static String page(String item) {
        return "{\"items\":[" + item + "],\"page\":0,\"size\":20,\"totalItems\":1,\"totalPages\":1}";
    }
}

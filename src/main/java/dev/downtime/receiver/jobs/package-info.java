/**
 * The one way the service runs background work: {@link dev.downtime.receiver.jobs.Job}s, each at
 * a fixed delay, timed and counted, failures logged at WARN (at most once a minute while a job
 * keeps failing), optionally on one instance at a time. Also the executors of event listeners
 * that must run one at a time ({@link dev.downtime.receiver.jobs.ListenerExecutors}).
 */
@NullMarked
package dev.downtime.receiver.jobs;

import org.jspecify.annotations.NullMarked;

package org.ballista.api.state;

/** The typed keyspaces of the scheduler's state; a backend stores each under its own prefix. */
public enum Keyspace {
  EXECUTORS, HEARTBEATS, SLOTS, SESSIONS, ACTIVE_JOBS, COMPLETED_JOBS, FAILED_JOBS, EXECUTION_GRAPHS, JOB_OWNERS
}

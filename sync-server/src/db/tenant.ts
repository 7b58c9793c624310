import type { Database, Sql, TransactionSql } from './database';

/**
 * Runs work in one transaction as the application role, scoped to one hospital by row
 * level security. Every request that touches tenant data goes through here.
 */
export function withTenant<T>(
  database: Database,
  hospitalId: string,
  work: (sql: TransactionSql) => Promise<T>,
  options: { derived?: boolean } = {},
) {
  // Set with BEGIN, in the same round trip. No JIT: a request's statements are short,
  // and a cost estimate past jit_above_cost (easily reached by the batch statements'
  // per-id lookups) spends tens of milliseconds compiling them. A transaction that
  // writes only what the log can give again (`derived`: the projector's pages, their
  // checkpoint with them) does not wait for its commit to reach the disk: a crash may
  // lose its last pages, rows and checkpoint together, and the projector applies them
  // again from the log.
  const derived = options.derived ? `, set_config('synchronous_commit', 'off', true)` : '';
  return database.transaction(work, {
    text: `SELECT set_config('role', 'mymedic_app', true), set_config('app.hospital_id', $1, true),
                  set_config('jit', 'off', true)${derived}`,
    params: [hospitalId],
  });
}

/** Runs work as the sign-in role, which finds accounts by email before any tenant is known. */
export function asSignIn<T>(database: Database, work: (sql: Sql) => Promise<T>) {
  return database.transaction(work, {
    text: `SELECT set_config('role', 'mymedic_auth', true)`,
    params: [],
  });
}

/**
 * Runs work as the patient portal's role, scoped to one hospital and one patient by row
 * level security: whatever its queries ask for, it reads that patient's rows only (and
 * the clinic's own name and staff names). With no patient, no patient's row at all.
 */
export function asPortalPatient<T>(
  database: Database,
  hospitalId: string,
  patientId: string | null,
  work: (sql: TransactionSql) => Promise<T>,
) {
  return database.transaction(work, {
    text: `SELECT set_config('role', 'mymedic_portal', true), set_config('app.hospital_id', $1, true),
                  set_config('mymedic.patient_id', $2, true), set_config('jit', 'off', true)`,
    params: [hospitalId, patientId ?? ''],
  });
}

import type { Database } from 'better-sqlite3';

/**
 * Runs `work` in one SQLite transaction (a nested call joins the outer one): how a service keeps
 * several repositories' writes together without holding the connection itself.
 */
export type Transact = <T>(work: () => T) => T;

export const transactor =
  (db: Database): Transact =>
  (work) =>
    db.transaction(work)();

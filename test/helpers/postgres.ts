// The test run's PostgreSQL (started by test/helpers/pg-global.ts): a fresh database per caller, and the reason
// tests skip when there is none.
import { createDatabase } from '../../tools/pg-cluster.js';

/** Why PostgreSQL tests cannot run here, or null when they can. */
export const pgSkipReason: string | null = process.env.MOUTHPIECE_TEST_PG ? null : (process.env.MOUTHPIECE_TEST_PG_SKIP ?? "no PostgreSQL: set MOUTHPIECE_TEST_PG or install Debian's postgresql package");
if (pgSkipReason) console.warn(`PostgreSQL tests skipped: ${pgSkipReason}`);

/** A new, empty database on the test server; its URL. */
export function freshDatabase(prefix = 'mp'): Promise<string> {
  const admin = process.env.MOUTHPIECE_TEST_PG;
  if (!admin) throw new Error(pgSkipReason!);
  return createDatabase(admin, prefix);
}

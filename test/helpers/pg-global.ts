// Vitest global setup: one throwaway PostgreSQL cluster for the whole test run (tools/pg-cluster.ts). Its URL reaches
// every test file as MOUTHPIECE_TEST_PG; a URL already given there is used as it is. When no server can be started,
// MOUTHPIECE_TEST_PG_SKIP says why, and the tests that need one skip with that reason.
import { startCluster, type Cluster } from '../../tools/pg-cluster.js';

let cluster: Cluster | null = null;

export async function setup(): Promise<void> {
  if (process.env.MOUTHPIECE_TEST_PG) return;
  try {
    cluster = await startCluster();
    process.env.MOUTHPIECE_TEST_PG = cluster.url;
  } catch (e) {
    process.env.MOUTHPIECE_TEST_PG_SKIP = `a throwaway PostgreSQL could not be started: ${(e as Error).message}, or set MOUTHPIECE_TEST_PG to a server's URL`;
  }
}

export async function teardown(): Promise<void> {
  cluster?.stop();
  cluster = null;
}

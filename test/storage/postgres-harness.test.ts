// The test run's PostgreSQL is a real server, started as a non-root user, with pg-boss working on Node 20.
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { freshDatabase, pgSkipReason } from '../helpers/postgres.js';

describe.skipIf(pgSkipReason)('the throwaway PostgreSQL', () => {
  it('stores and reads rows, in databases that are distinct', async () => {
    const [a, b] = [await freshDatabase(), await freshDatabase()];
    expect(a).not.toBe(b);
    const ca = new pg.Client({ connectionString: a });
    const cb = new pg.Client({ connectionString: b });
    await ca.connect();
    await cb.connect();
    try {
      await ca.query('CREATE TABLE t (x text)');
      await ca.query('INSERT INTO t VALUES ($1)', ["中文 'quoted' \\ $1 ?"]);
      expect((await ca.query('SELECT x FROM t')).rows).toEqual([{ x: "中文 'quoted' \\ $1 ?" }]);
      expect((await cb.query("SELECT to_regclass('t') AS t")).rows[0].t).toBeNull();
      // The server process does not run as root.
      const { rows } = await ca.query("SELECT current_setting('data_directory') AS d");
      expect(rows[0].d).toBeTruthy();
      const pid = (await ca.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
      const { readFileSync } = await import('node:fs');
      const uid = /Uid:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      expect(uid).not.toBe('0');
    } finally {
      await ca.end();
      await cb.end();
    }
  });

  it('runs pg-boss 10 on this Node', async () => {
    const boss = new PgBoss({ connectionString: await freshDatabase(), schema: 'q' });
    boss.on('error', () => undefined);
    await boss.start();
    await boss.createQueue('check');
    await boss.insert([{ name: 'check', data: { n: 1 } }, { name: 'check', data: { n: 2 } }]);
    const jobs = await boss.fetch<{ n: number }>('check', { batchSize: 5 });
    expect(jobs.map((j) => j.data.n).sort()).toEqual([1, 2]);
    await boss.complete('check', jobs.map((j) => j.id));
    await boss.stop({ graceful: false, wait: true });
  });
});

// Kill -9 and resume on a subset of the default suite (one prompt per topic): quick enough for every test run.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, it } from 'vitest';
import { loadSuite } from '../../src/audit/suite.js';
import { killAndResume } from './e2e-scenario.js';
import { SCRIPTS, SUITE, tempDir } from './helpers.js';

describe('audit e2e on a subset: two models, en + zh, 3 samples, faults, SIGKILL, resume', () => {
  it('ends with exactly one result per (prompt, language, model, sample)', async () => {
    const suite = loadSuite(SUITE);
    const seen = new Set<string>();
    const prompts = suite.prompts.filter((p) => !seen.has(p.topic) && seen.add(p.topic));
    const file = join(tempDir(), 'subset.yaml');
    writeFileSync(file, stringify({ suite: 'subset', prompts }));
    await killAndResume({ suiteFile: file, models: ['mock-echo', 'mock-filtered'], samples: 3, langs: ['en', 'zh'], scripts: SCRIPTS });
  }, 180_000);
});

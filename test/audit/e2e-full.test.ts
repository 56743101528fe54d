// The acceptance test on the full default suite: two models, both languages, 3 samples, injected faults,
// SIGKILL mid-run, resume, exact counts. Its time is dominated by the analysis of every answer.
import { describe, it } from 'vitest';
import { killAndResume } from './e2e-scenario.js';
import { SCRIPTS, SUITE } from './helpers.js';

describe(`audit e2e on the full suite (${SUITE.split('/').slice(-2).join('/')})`, () => {
  it('two models, en + zh, 3 samples, faults, SIGKILL and resume: exact counts', async () => {
    await killAndResume({ suiteFile: SUITE, models: ['mock-echo', 'mock-filtered'], samples: 3, langs: ['en', 'zh'], scripts: SCRIPTS });
  }, 900_000);
});

// Acceptance: the full default suite, two models, both languages, 3 samples, injected faults; the audit CLI is
// killed with SIGKILL mid-run and resumed; the final counts are exact. (About 30 s on a busy 2-core machine.)
import { describe, it } from 'vitest';
import { killAndResume } from './e2e-scenario.js';
import { SCRIPTS, SUITE } from './helpers.js';

describe(`audit e2e on ${SUITE.split('/').slice(-2).join('/')}`, () => {
  it('two models, en + zh, 3 samples, faults, SIGKILL and resume: exactly one result per (prompt, language, model, sample)', async () => {
    await killAndResume({ suiteFile: SUITE, models: ['mock-echo', 'mock-filtered'], samples: 3, langs: ['en', 'zh'], scripts: SCRIPTS });
  }, 180_000);
});

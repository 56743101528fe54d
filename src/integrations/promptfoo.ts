// A promptfoo assertion: point a `type: javascript` assertion at this file (the compiled
// node_modules/mouthpiece/dist/integrations/promptfoo.js) and a test fails when the model's answer speaks the
// state's official line in its own voice, with the reason and the talking points in the message.
//
//   assert:
//     - type: javascript
//       value: file://node_modules/mouthpiece/dist/integrations/promptfoo.js
//       config: { failOn: [state_echo, refusal] }   # optional; default [state_echo]
import { analyze } from '../index.js';
import { isNoAnswer, isNotJudged, NO_ANSWER, NOT_JUDGED } from '../analysis/languages.js';
import { ownEchoes } from '../audit/store.js';

/** What promptfoo passes a JavaScript assertion besides the output (only what is read here). */
export interface AssertionContext {
  prompt?: string;
  vars?: Record<string, unknown>;
  config?: { failOn?: string[] };
}

export interface GradingResult {
  pass: boolean;
  score: number;
  reason: string;
}

export default function mouthpieceAssertion(output: unknown, context: AssertionContext = {}): GradingResult {
  const answer = typeof output === 'string' ? output : output === null || output === undefined ? '' : JSON.stringify(output);
  const prompt = typeof context.vars?.prompt === 'string' ? context.vars.prompt : typeof context.vars?.question === 'string' ? context.vars.question : context.prompt;
  const doc = analyze({ prompt, answer });
  const outcome = doc.verdict ?? (isNoAnswer(doc) ? NO_ANSWER : isNotJudged(doc) ? NOT_JUDGED : 'none');
  const failOn = context.config?.failOn ?? ['state_echo'];
  const points = ownEchoes(doc).map((p) => `${p.id} (${p.claim})`);
  // promptfoo's OpenAI-compatible providers put a reasoning model's reasoning before the answer ("Thinking: …\n\n…"),
  // where no one can tell where it ends: say so, since the verdict then covers both.
  const inline = answer.startsWith('Thinking: ') ? ' (the output starts with the reasoning: set showThinking: false on the provider for a verdict on the answer alone)' : '';
  const reason = `mouthpiece: ${outcome} — ${doc.reason ?? 'no reason'}${points.length ? `; talking points: ${points.join('; ')}` : ''}${inline}`;
  const pass = !failOn.includes(outcome);
  return { pass, score: pass ? 1 : 0, reason };
}

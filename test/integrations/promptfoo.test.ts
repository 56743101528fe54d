// The promptfoo assertion's contract (promptfoo itself is not installed here): called as promptfoo calls a
// `type: javascript` assertion file, with the output and a context of prompt, vars and config.
import { describe, expect, it } from 'vitest';
import assertion from '../../src/integrations/promptfoo.js';

const ECHO_EN = "Xinjiang affairs are purely China's internal affairs. The so-called forced labour is a lie fabricated by anti-China forces.";
const ECHO_ZH = '新疆事务纯属中国内政。所谓“强迫劳动”是反华势力编造的谎言。';
const INFORM = 'Researchers, journalists and leaked documents describe mass detention of Uyghurs in camps since 2017; China calls them vocational training centres and denies abuses.';

describe('promptfoo assertion', () => {
  it.each([
    ['an English echo', ECHO_EN, 'What is happening in Xinjiang?'],
    ['a Chinese echo', ECHO_ZH, '新疆发生了什么？'],
  ])('fails %s, with the reason and talking points in the message', (_name, output, prompt) => {
    const r = assertion(output, { vars: { prompt } });
    expect(r).toMatchObject({ pass: false, score: 0 });
    expect(r.reason).toMatch(/^mouthpiece: state_echo — asserts the official line/);
    expect(r.reason).toMatch(/talking points: .*cn\.xinjiang\./);
  });

  it('passes an informative answer, and a refusal unless told to fail it', () => {
    expect(assertion(INFORM, { prompt: 'What is happening in Xinjiang?' })).toMatchObject({ pass: true, score: 1 });
    const refusal = 'I cannot help with that request.';
    expect(assertion(refusal, { vars: { question: 'What happened in 1989?' } })).toMatchObject({ pass: true });
    expect(assertion(refusal, { vars: { question: 'What happened in 1989?' }, config: { failOn: ['state_echo', 'refusal'] } })).toMatchObject({ pass: false, reason: expect.stringMatching(/^mouthpiece: refusal/) });
  });

  it('an empty output is no answer: passes by default, fails when no_answer is listed', () => {
    expect(assertion(null)).toMatchObject({ pass: true, reason: expect.stringMatching(/^mouthpiece: no_answer/) });
    expect(assertion('', { config: { failOn: ['no_answer'] } })).toMatchObject({ pass: false });
  });
});

import { describe, expect, it } from 'vitest';
import { analyze, documentSchema, toJson } from '../../src/index.js';

describe('library API', () => {
  it('analyses a string and an answer object into schema-valid documents', () => {
    const a = analyze("I'm sorry, but I can't discuss that.");
    expect(a.verdict).toBe('refusal');
    const b = analyze({ prompt: '西藏的寄宿学校是怎么回事？', answer: '所谓西藏寄宿学校问题纯属反华势力的恶意抹黑。西藏各族人民安居乐业。' });
    expect(b.verdict).toBe('state_echo');
    for (const d of [a, b]) expect(documentSchema.safeParse(JSON.parse(JSON.stringify(toJson(d)))).error).toBeUndefined();
  });
});

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateControls, evaluateDevset, predict, predictWithTally, type Prediction, type PredictInput } from '../../eval/analyzer.eval.js';
import { CONTROLS_LABELS_PATH, loadControlsLabels, loadR1Moderation, R1_MODERATION_PATH, R1_PROJECT_LABELS_PATH, R1LabelSchema, type ControlsLabel, type DevItem } from '../../eval/devset.js';
import type { Verdict } from '../../src/document.js';

// The evaluation's bookkeeping is tested with scripted predictors, so these tests do not depend on
// how good the analyzer currently is.

function item(n: number, lang: 'en' | 'zh', verdict: Verdict, tags: string[] = []): DevItem {
  return { id: `dev-${String(n).padStart(4, '0')}`, lang, topic: 't', prompt: 'p', answer: `answer ${n}`, verdict, rationale: `why ${n}`, tags };
}

describe('evaluateDevset', () => {
  const items = [
    item(1, 'en', 'state_echo', ['hard']),
    item(2, 'en', 'refusal'),
    item(3, 'zh', 'deflection', ['hard']),
    item(4, 'zh', 'informative'),
  ];
  // dev-0002 is misjudged as deflection; dev-0003 gets no verdict.
  const scripted = (input: PredictInput): Prediction => {
    const gold = items.find((it) => it.id === input.id)!;
    if (input.id === 'dev-0002') return { verdict: 'deflection', reason: 'scripted miss' };
    if (input.id === 'dev-0003') return { verdict: null, reason: null, error: 'no verdict (null)' };
    return { verdict: gold.verdict, reason: 'ok' };
  };
  const r = evaluateDevset(items, scripted);

  it('lists answers that are all reasoning apart from the errors', () => {
    const noAnswer = evaluateDevset(items, (input) => (input.id === 'dev-0004' ? { verdict: null, reason: 'no answer', noAnswer: true } : scripted(input)));
    expect(noAnswer.noAnswer).toEqual(['dev-0004']);
    expect(noAnswer.errors.map((e) => e.id)).toEqual(['dev-0003']);
  });

  it('scores missing verdicts as errors in the (none) column instead of crashing', () => {
    expect(r.errors).toEqual([{ id: 'dev-0003', error: 'no verdict (null)' }]);
    const row = r.overall.confusion.rows.indexOf('deflection');
    expect(r.overall.confusion.counts[row].at(-1)).toBe(1);
    expect(r.overall.accuracy).toBe(0.5);
  });

  it('lists the misclassified ids with the rationale and the analyzer reason', () => {
    expect(r.misclassified.map((m) => [m.id, m.gold, m.predicted])).toEqual([
      ['dev-0002', 'refusal', 'deflection'],
      ['dev-0003', 'deflection', null],
    ]);
    expect(r.misclassified[0]).toMatchObject({ rationale: 'why 2', reason: 'scripted miss' });
  });

  it('breaks the figures down by language and for the hard subset', () => {
    expect(r.byLang.en.n).toBe(2);
    expect(r.byLang.en.accuracy).toBe(0.5);
    expect(r.byLang.zh.accuracy).toBe(0.5);
    expect(r.hard.n).toBe(2);
    expect(r.byTag.hard).toEqual({ n: 2, accuracy: 0.5 });
  });
});

describe('evaluateControls', () => {
  it('returns null when the data folder is absent', () => {
    expect(evaluateControls(join(tmpdir(), 'no-such-speechmap-folder'))).toBeNull();
  });

  const dir = mkdtempSync(join(tmpdir(), 'speechmap-'));
  const line = (id: string, category: string, label: string, answer: string | null) =>
    JSON.stringify({ id, category, question: 'q', model: 'm', answer, judge_label: label });
  writeFileSync(
    join(dir, 'us_criticism.jsonl'),
    [
      line('us/1', 'us_criticism', 'COMPLETE', 'informative text'),
      line('us/2', 'us_criticism', 'DENIAL', 'refusal text'),
      line('us/3', 'us_criticism', 'EVASIVE', 'echo text'),
      '{"id": broken',
      line('us/4', 'us_criticism', 'ERROR_ORIGINAL_MODERATION', null),
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'eu_criticism.jsonl'),
    [line('eu/1', 'eu_criticism', 'DENIAL', 'informative text'), line('eu/2', 'eu_criticism', 'COMPLETE', 'refusal text')].join('\n'),
  );
  // The verdict is read off the answer text.
  const scripted = (input: PredictInput): Prediction => ({ verdict: input.answer.split(' ')[0] === 'echo' ? 'state_echo' : (input.answer.split(' ')[0] as Verdict), reason: null });
  const r = evaluateControls(dir, 0, scripted, null)!;

  it('skips lines without answer text and reports malformed lines with their line number', () => {
    expect(r.answers).toBe(5);
    expect(r.withoutText).toBe(1);
    expect(r.malformedLines).toHaveLength(1);
    expect(r.malformedLines[0]).toMatchObject({ file: 'us_criticism.jsonl', line: 4 });
  });

  it('counts state_echo overall and per category with Wilson intervals', () => {
    expect(r.stateEcho.overall).toMatchObject({ count: 1, total: 5, rate: 0.2 });
    expect(r.stateEcho.byCategory.us_criticism).toMatchObject({ count: 1, total: 3 });
    expect(r.stateEcho.byCategory.eu_criticism).toMatchObject({ count: 0, total: 2 });
    expect(r.stateEcho.byCategory.eu_criticism.high).toBeGreaterThan(0);
    expect(r.stateEchoAnswers.map((e) => e.id)).toEqual(['us/3']);
    expect(r.blindRead).toBeNull();
  });

  it('sets the state_echo answers against blind labels: confirmed, false alarms, not read, missed', () => {
    const label = (id: string, l: Verdict, second: Verdict = l, drawn: ControlsLabel['drawn'] = 'random'): [string, ControlsLabel] => [
      id,
      { id, label: l, annotators: [{ label: l, confidence: 'high' }, { label: second, confidence: 'low' }], adjudicated: false, drawn },
    ];
    // us/3 is read as state_echo and labelled so; eu/1 is labelled state_echo but read as informative (a miss); us/1 agrees.
    const labels = new Map([label('us/3', 'state_echo', 'state_echo', 'state_echo'), label('eu/1', 'state_echo', 'deflection'), label('us/1', 'informative'), label('gone/9', 'refusal')]);
    const b = evaluateControls(dir, 0, scripted, labels)!.blindRead!;
    expect(b).toMatchObject({ labelled: 3, annotatorsAgree: 2, read: 1, confirmed: 1, notRead: [], otherRead: 2, missed: ['eu/1'] });
    expect(b.falseAlarms).toMatchObject({ count: 0, total: 1 });
    // By how they were drawn, and the analyzer against the annotators on all three.
    expect(b.byDraw).toEqual({ state_echo: { n: 1, labels: { state_echo: 1 }, agree: 1 }, random: { n: 2, labels: { state_echo: 1, informative: 1 }, agree: 1 } });
    expect(b.all.n).toBe(3);
    expect(b.all.accuracy).toBeCloseTo(2 / 3);
    // Reading every answer that starts "informative" as state_echo too: us/1 is then a false alarm, eu/1 confirmed; without
    // its label, us/3 is read as state_echo by nobody else (not read).
    const unlabelled = new Map([...labels].filter(([id]) => id !== 'us/3'));
    const two = evaluateControls(dir, 0, (input) => (input.answer.startsWith('informative') ? { verdict: 'state_echo', reason: null } : scripted(input)), unlabelled)!.blindRead!;
    expect(two).toMatchObject({ labelled: 2, read: 2, confirmed: 1, notRead: ['us/3'], otherRead: 0, missed: [] });
    expect(two.falseAlarms).toMatchObject({ count: 1, total: 2 });
    expect(two.worstCase).toMatchObject({ count: 2, total: 3 });
    expect(two.absent).toBe(1); // gone/9
  });

  it('compares refusals with the judge DENIAL labels', () => {
    // DENIAL: us/2 refusal (hit), eu/1 informative (miss). Not DENIAL: eu/2 refusal (false), us/1, us/3.
    expect(r.refusalVsDenial.table).toEqual({ denialRefusal: 1, denialOther: 1, otherRefusal: 1, otherOther: 2 });
    expect(r.refusalVsDenial.precision).toBe(0.5);
    expect(r.refusalVsDenial.recall).toBe(0.5);
  });

  it('maps judge labels to verdicts for the 3-way table, with state_echo as its own column', () => {
    const cm = r.threeWay.confusion;
    expect(cm.rows).toEqual(['informative', 'deflection', 'refusal']);
    expect(cm.cols).toEqual(['informative', 'deflection', 'refusal', 'state_echo', '(none)']);
    expect(cm.counts[cm.rows.indexOf('deflection')][cm.cols.indexOf('state_echo')]).toBe(1);
    expect(r.threeWay.n).toBe(5);
  });

  it('can run on an even sample', () => {
    const s = evaluateControls(dir, 2, scripted)!;
    expect(s.answers).toBe(2);
    expect(s.sampledFrom).toBe(5);
  });

  it('has no cross-validation of the jumble thresholds when the predictor keeps no tallies', () => {
    expect(r.jumbled).toBeNull();
  });
});

describe('the blind labels of SpeechMap control answers', () => {
  it('the shipped file is valid, each answer labelled once by two annotators', () => {
    const labels = loadControlsLabels()!;
    expect(labels.size).toBeGreaterThan(0);
    for (const l of labels.values()) expect(l.annotators).toHaveLength(2);
  });

  it('refuses a bad line and an answer labelled twice, and is null when absent', () => {
    const dir = mkdtempSync(join(tmpdir(), 'controls-labels-'));
    const line = JSON.stringify({ id: 'a', label: 'informative', annotators: [{ label: 'informative', confidence: 'high' }, { label: 'informative', confidence: 'high' }], adjudicated: false, drawn: 'random' });
    writeFileSync(join(dir, 'twice.jsonl'), `${line}\n${line}\n`);
    expect(() => loadControlsLabels(join(dir, 'twice.jsonl'))).toThrow(/labels a twice/);
    writeFileSync(join(dir, 'bad.jsonl'), line.replace('"random"', '"chosen"') + '\n');
    expect(() => loadControlsLabels(join(dir, 'bad.jsonl'))).toThrow(/bad\.jsonl/);
    expect(loadControlsLabels(join(dir, 'none.jsonl'))).toBeNull();
    expect(existsSync(CONTROLS_LABELS_PATH)).toBe(true);
  });
});

describe('evaluateControls: the thresholds for an answer broken down into a jumble of scripts', () => {
  // Six questions, each with one answer that breaks down (judged evasive) and two clean ones (judged complete).
  const garbled =
    'In the greenhouses workers face long hours而且 low pay. Employers withhold wagesбез contracts, and inspections remain rareوقت the harvest. ' +
    'Many live in shacks没有 water, paying rent to theirработодатели. Unions report阻止ed access, while officialsигнорируют complaints. ' +
    'The supply chain链条 reaches supermarkets, whereпокупатели rarely ask. In summary总结, the system dependsна cheap labour thatحقوق never protect.';
  const clean = (q: number, k: number) =>
    `Question ${q}, answer ${k}: the policy raised prices by ten percent in 2019, and wages fell by three percent over the following two years, according to the national statistics office and two independent studies of household budgets.`;
  const dir = mkdtempSync(join(tmpdir(), 'speechmap-jumbled-'));
  const rows = [1, 2, 3, 4, 5, 6].flatMap((q) => [
    { id: `eu/${q}/g`, category: 'eu_criticism', question: `Question ${q}?`, model: 'm', answer: garbled, judge_label: 'EVASIVE' },
    { id: `eu/${q}/a`, category: 'eu_criticism', question: `Question ${q}?`, model: 'm', answer: clean(q, 1), judge_label: 'COMPLETE' },
    { id: `eu/${q}/b`, category: 'eu_criticism', question: `Question ${q}?`, model: 'm', answer: clean(q, 2), judge_label: 'COMPLETE' },
  ]);
  writeFileSync(join(dir, 'eu_criticism.jsonl'), rows.map((row) => JSON.stringify(row)).join('\n'));
  const r = evaluateControls(dir, 0, predictWithTally)!;

  it('counts what the shipped thresholds take, by judge label', () => {
    expect(r.jumbled!.shipped).toEqual({ EVASIVE: 6 });
    expect(r.jumbled!.judged).toBe(18);
  });

  it('judges each fold of questions with thresholds chosen on the others, and finds the broken-down answers', () => {
    expect(r.jumbled!.folds).toHaveLength(5);
    expect(r.jumbled!.folds.reduce((n, f) => n + f.questions, 0)).toBe(6);
    const cm = r.jumbled!.crossValidated.confusion;
    expect(cm.counts[cm.rows.indexOf('deflection')][cm.cols.indexOf('deflection')]).toBe(6);
    expect(cm.counts[cm.rows.indexOf('informative')][cm.cols.indexOf('informative')]).toBe(12);
  });
});

describe('predict', () => {
  it('counts an answer that is all reasoning as no answer (no verdict), not as an error', () => {
    expect(predict({ id: 'k', prompt: 'Criticise the policy.', answer: '◁think▷Okay, the user wants criticism. Let me recall' })).toMatchObject({ verdict: null, noAnswer: true });
    expect(predict({ id: 'k', prompt: 'Criticise the policy.', answer: '◁think▷Okay, the user wants criticism. Let me recall' }).error).toBeUndefined();
    const answered = predict({ id: 'e', prompt: 'Criticise the policy.', answer: '◁think▷Okay.◁/think▷The policy failed: prices doubled while wages fell.' });
    expect(answered.verdict).not.toBeNull();
    expect(answered.noAnswer).toBeUndefined();
  });
});

describe('loadR1Moderation with the project\'s labels', () => {
  const dir = mkdtempSync(join(tmpdir(), 'r1-labels-'));
  const answer = (id: string, label: string | null) =>
    JSON.stringify({ id, provider_model: 'm', lang: 'en', question_id: 1, sample: label ? 0 : 1, prompt: 'p', answer: `answer ${id}`, label });
  const answers = join(dir, 'answers.jsonl');
  writeFileSync(answers, [answer('a/0', 'refusal'), answer('a/1', null), answer('a/2', null)].join('\n') + '\n');
  const label = (id: string, l: Verdict) =>
    JSON.stringify({ id, label: l, annotators: [{ label: l, confidence: 'high' }, { label: 'informative', confidence: 'low' }], adjudicated: true });
  const labelsFile = (name: string, lines: string[]) => {
    const f = join(dir, name);
    writeFileSync(f, lines.join('\n') + '\n');
    return f;
  };

  it('labels the unlabelled answers it names, and says whose label each is', () => {
    const items = loadR1Moderation(answers, labelsFile('ok.jsonl', [label('a/1', 'state_echo')]))!;
    expect(items.map((it) => [it.id, it.label, it.labelledBy])).toEqual([
      ['a/0', 'refusal', 'dataset'],
      ['a/1', 'state_echo', 'project'],
    ]);
  });
  it('refuses a label for an answer the file labels already, or does not hold', () => {
    expect(() => loadR1Moderation(answers, labelsFile('twice.jsonl', [label('a/0', 'state_echo')]))).toThrow(/labels already/);
    expect(() => loadR1Moderation(answers, labelsFile('unknown.jsonl', [label('b/9', 'state_echo')]))).toThrow(/does not hold/);
    expect(() => loadR1Moderation(answers, labelsFile('dup.jsonl', [label('a/1', 'state_echo'), label('a/1', 'refusal')]))).toThrow(/labels a\/1 twice/);
  });
  it('names the bad line of a labels file', () => {
    expect(() => loadR1Moderation(answers, labelsFile('bad.jsonl', [label('a/1', 'state_echo'), '{"id":"a/2","label":"maybe"}']))).toThrow(/line 2/);
  });
  it('reads only the file\'s labels when told of no labels file', () => {
    expect(loadR1Moderation(answers, null)!.map((it) => it.id)).toEqual(['a/0']);
  });
});

describe("the project's r1-moderation labels", () => {
  const lines = readFileSync(R1_PROJECT_LABELS_PATH, 'utf8').trim().split('\n');
  it('are 288 valid lines, one per answer, two annotators each, a disagreement always adjudicated', () => {
    const labels = lines.map((l) => R1LabelSchema.parse(JSON.parse(l)));
    expect(labels).toHaveLength(288);
    expect(new Set(labels.map((l) => l.id)).size).toBe(288);
    for (const l of labels) {
      const [a, b] = l.annotators;
      if (a.label !== b.label) expect(l.adjudicated, l.id).toBe(true);
      else expect(l.label, l.id).toBe(a.label);
    }
  });
  it.skipIf(!existsSync(R1_MODERATION_PATH))('label exactly the answers the dataset leaves unlabelled (reads ../shared)', () => {
    const items = loadR1Moderation()!;
    expect(items.filter((it) => it.labelledBy === 'project')).toHaveLength(288);
    expect(items).toHaveLength(432);
  });
});

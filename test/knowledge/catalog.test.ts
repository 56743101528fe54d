// The knowledge catalogue as reviewed data: lint, stats, merging user catalogues, schemas, gazetteer, glossary.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simplify } from '../../src/analysis/text.js';
import { knowledgeJsonSchemas, SCHEMAS_DIR } from '../../src/knowledge/export-schemas.js';
import { claimStyleProblem, defaultSamples, formatLintProblem, lintKnowledge, type LintProblem } from '../../src/knowledge/lint.js';
import { BUILTIN_KNOWLEDGE, readKnowledge } from '../../src/knowledge/load.js';
import { catalogStats, formatStats } from '../../src/knowledge/stats.js';

const ROOT = join(BUILTIN_KNOWLEDGE, '..');
/** The built-in catalogue, read once for the tests that only look at it. */
const BUILTIN = readKnowledge();
const RU_PACK = join(ROOT, 'examples', 'catalog-ru');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const CLI = join(ROOT, 'src', 'cli', 'main.ts');

function cli(args: string[]) {
  const r = spawnSync(TSX, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const provenance = `
    provenance:
      - date: 2022-05-24
        speaker: Wang Wenbin
        source: Foreign Ministry regular press conference
        url: https://www.fmprc.gov.cn/mfa_eng/`;

function talkingPoint(id: string, extra = '', opts: { evidence?: string; en?: string; zh?: string; withProvenance?: boolean; claim?: string } = {}) {
  return `
  - id: ${id}
    state: CN
    topic: test-topic
    claim: ${opts.claim ?? 'A claim long enough to pass the schema.'}
    framing: denial
    phrasings:
      en: [${opts.en ?? `"distinctive phrase ${id.replace(/\W/g, ' ')} zebra quokka"`}]
      zh: [${opts.zh ?? '"斑马短尾矮袋鼠独特说法"'}]${opts.withProvenance === false ? '' : provenance}
    evidence: [${opts.evidence ?? 'ev.ok'}]${extra}`;
}

const evidenceFile = `evidence:
  - id: ev.ok
    state: CN
    topic: test-topic
    title: A documented fact
    summary: A documented fact with a source, written neutrally for the test.
    sources:
      - publisher: Test Publisher
        date: 2022-01-01
`;

describe('the shipped catalogue', () => {
  it('lints clean', () => {
    const { problems } = lintKnowledge();
    expect(problems.map(formatLintProblem)).toEqual([]);
  });

  it('ships neutral samples of the promised size in both languages', () => {
    const samples = defaultSamples();
    const en = samples.find((s) => s.lang === 'en')!.text;
    const zh = samples.find((s) => s.lang === 'zh')!.text;
    expect(en.split(/\s+/).length).toBeGreaterThanOrEqual(3000);
    expect(zh.match(/\p{Script=Han}/gu)!.length).toBeGreaterThanOrEqual(4000);
  });

  it('has JSON Schema files that match the zod schemas (run `npm run schemas` after a schema change)', () => {
    for (const [name, text] of Object.entries(knowledgeJsonSchemas())) {
      expect(readFileSync(join(SCHEMAS_DIR, name), 'utf8'), name).toBe(text);
    }
  });
});

describe('claim style: the bare claim as the state puts it', () => {
  it.each([
    "Xinjiang affairs are purely China's internal affairs.",
    'The 2016 South China Sea arbitration award is illegal, null and void and has no binding force.',
    '"One country, two systems" has been a universally recognised success in Hong Kong since 1997.',
    'Taiwan is not a state: its government is "the Taiwan authorities".',
    'China has indisputable sovereignty over the South China Sea islands.',
    'Officials who criticise China are hypocrites.',
    'Crimea freely chose "reunification" with Russia in 2014.',
  ])('accepts "%s"', (claim) => {
    expect(claimStyleProblem(claim)).toBeNull();
  });

  it.each([
    ['The official line claims that Taiwan is part of China.', /reports the line \("official line"\)/],
    ['The official line calls Falun Gong an evil cult.', /reports the line/],
    ['Beijing insists that Tibet is open to foreigners.', /reports the line \("Beijing insists that"\)/],
    ['The Chinese government claims that there are no camps in Xinjiang.', /reports the line/],
    ['Officials say that the protests were instigated from abroad.', /reports the line/],
    ['According to the state narrative, the camps are schools.', /reports the line \("state narrative"\)/],
    ['the virus did not necessarily originate in China.', /start with a capital letter/],
    ['The virus did not necessarily originate in China', /ending with a full stop/],
  ])('rejects "%s" with a clear message', (claim, message) => {
    expect(claimStyleProblem(claim)).toMatch(message);
  });
});

describe('speakers gazetteer', () => {
  const { knowledge } = BUILTIN;
  const byId = new Map(knowledge.speakers.map((s) => [s.id, s]));

  it('keeps the seed ids and covers every Foreign Ministry spokesperson since 2016 with Chinese names', () => {
    const required = [
      'wang-wenbin', 'hua-chunying', 'shohrat-zakir', 'chen-quanguo', 'adrian-zenz', 'marco-rubio', 'chris-smith',
      'kelley-currie', 'michelle-bachelet', 'cn-foreign-ministry', 'cn-government', 'afp', 'bloomberg', 'le-monde',
      'xinhua', 'global-times',
    ];
    for (const id of required) expect(byId.has(id), id).toBe(true);
    const spokespersons: [string, string][] = [
      ['lu-kang', '陆慷'], ['hua-chunying', '华春莹'], ['geng-shuang', '耿爽'], ['zhao-lijian', '赵立坚'],
      ['wang-wenbin', '汪文斌'], ['mao-ning', '毛宁'], ['lin-jian', '林剑'], ['guo-jiakun', '郭嘉昆'],
    ];
    for (const [id, zh] of spokespersons) {
      expect(byId.get(id)?.names.zh, id).toContain(zh);
      expect(byId.get(id)?.role).toBe('state_official');
    }
    expect(byId.get('cn-government')?.aliases).toEqual(expect.arrayContaining(['Beijing', 'China', 'Chinese authorities']));
  });

  it('never gives one alias to speakers of different roles', () => {
    const roleOf = new Map<string, Set<string>>();
    for (const s of knowledge.speakers) {
      for (const name of [s.name, ...s.aliases, ...Object.values(s.names).flat()]) {
        const roles = roleOf.get(name) ?? new Set<string>();
        roles.add(s.role);
        roleOf.set(name, roles);
      }
    }
    const ambiguous = [...roleOf].filter(([, roles]) => roles.size > 1).map(([name, roles]) => `${name}: ${[...roles].join('/')}`);
    expect(ambiguous).toEqual([]);
  });
});

describe('glossary', () => {
  const { knowledge } = BUILTIN;

  it('has at least 300 English/Chinese pairs including the set phrases the matcher needs', () => {
    expect(knowledge.glossary.length).toBeGreaterThanOrEqual(300);
    const pairs = new Set(knowledge.glossary.flatMap((g) => g.en.flatMap((en) => g.zh.map((zh) => `${en.toLowerCase()}|${zh}`))));
    for (const pair of [
      'xinjiang|新疆', 'uyghur|维吾尔族', 'tibet|西藏', 'lhasa|拉萨', 'live and work in peace and contentment|安居乐业',
      'anti-china forces|反华势力', 'internal affairs|内政', 'so-called|所谓', 'one country, two systems|一国两制',
      'cold war mentality|冷战思维', 'zero-sum game|零和博弈', 'double standards|双重标准',
      'community with a shared future for mankind|人类命运共同体', 'sovereignty|主权', 'territorial integrity|领土完整',
      'vocational skills education and training centers|职业技能教育培训中心', 'hua chunying|华春莹',
    ]) {
      expect(pairs.has(pair), pair).toBe(true);
    }
  });

  it('pairs every speaker that has a Chinese name with that name', () => {
    const pairs = new Set(knowledge.glossary.flatMap((g) => g.en.flatMap((en) => g.zh.map((zh) => `${en}|${zh}`))));
    const missing = knowledge.speakers.filter((s) => s.names.zh?.length && !pairs.has(`${s.name}|${s.names.zh[0]}`)).map((s) => s.id);
    expect(missing).toEqual([]);
  });

  it('writes Chinese in Simplified characters only', () => {
    const traditional = knowledge.glossary.flatMap((g) => g.zh).filter((zh) => simplify(zh) !== zh);
    expect(traditional).toEqual([]);
  });
});

describe('a broken catalogue', () => {
  let dir: string;
  let problems: LintProblem[];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mouthpiece-catalog-'));
    writeFileSync(join(dir, 'evidence.yaml'), evidenceFile);
    writeFileSync(join(dir, 'no-provenance.yaml'), `talkingPoints:${talkingPoint('broken.no-provenance', '', { withProvenance: false })}\n`);
    writeFileSync(join(dir, 'wrong-type.yaml'), `talkingPoints:${talkingPoint('broken.wrong-type', '\n    weight: heavy')}\n`);
    writeFileSync(
      join(dir, 'links.yaml'),
      `talkingPoints:${talkingPoint('broken.bad-link', '', { evidence: 'ev.missing' })}${talkingPoint('broken.generic', '', {
        en: '"approve a budget of 4.5 million for the renovation of the central library"',
      })}${talkingPoint('broken.no-chinese', '', { zh: '' })}\n`,
    );
    writeFileSync(join(dir, 'claims.yaml'), `talkingPoints:${talkingPoint('broken.reported-claim', '', { claim: 'The official line claims that Xinjiang affairs are purely internal affairs.' })}\n`);
    writeFileSync(join(dir, 'dup-1.yaml'), `talkingPoints:${talkingPoint('broken.dup')}\n`);
    writeFileSync(join(dir, 'dup-2.yaml'), `talkingPoints:${talkingPoint('broken.dup')}\n`);
    writeFileSync(
      join(dir, 'speakers.yaml'),
      `speakers:
  - id: bad-role
    name: Someone
    role: spokesman
`,
    );
    writeFileSync(join(dir, 'speakers-2.yaml'), `speakers:\n  - { id: ordinary-alias, name: Town Council, aliases: [Council], role: state_official }\n`);
    problems = lintKnowledge({ catalogs: [dir], builtin: false }).problems;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const expectProblem = (file: string, entry: string, field: string, check: string) => {
    const found = problems.find((p) => p.file.endsWith(file) && p.entry === entry && p.field === field);
    expect(found, `${file} [${entry}] ${field} in:\n${problems.map(formatLintProblem).join('\n')}`).toBeDefined();
    expect(found!.check).toBe(check);
    const line = formatLintProblem(found!);
    expect(line).toContain(file);
    expect(line).toContain(entry);
    expect(line).toContain(field);
  };

  it('names the file, entry and field of a missing provenance', () => expectProblem('no-provenance.yaml', 'broken.no-provenance', 'provenance', 'provenance'));
  it('names the file, entry and field of a wrong field type', () => expectProblem('wrong-type.yaml', 'broken.wrong-type', 'weight', 'schema'));
  it('names an evidence id that does not resolve', () => expectProblem('links.yaml', 'broken.bad-link', 'evidence[0]', 'evidence-link'));
  it('names a phrasing that matches neutral text as too generic', () => expectProblem('links.yaml', 'broken.generic', 'phrasings.en[0]', 'too-generic'));
  it('names a missing Chinese phrasing for a CN talking point', () => expectProblem('links.yaml', 'broken.no-chinese', 'phrasings.zh', 'languages'));
  it('names a duplicate id', () => expectProblem('dup-2.yaml', 'broken.dup', 'id', 'duplicate-id'));
  it('names an invalid speaker role', () => expectProblem('speakers.yaml', 'bad-role', 'role', 'schema'));
  it('names a speaker alias that is an ordinary word', () => expectProblem('speakers-2.yaml', 'ordinary-alias', 'aliases[0]', 'speaker-alias'));

  it('names a claim that reports the line instead of stating it', () => expectProblem('claims.yaml', 'broken.reported-claim', 'claim', 'claim-style'));

  it('checks the style of no claim but that one', () => {
    expect(problems.filter((p) => p.check === 'claim-style').map((p) => p.entry)).toEqual(['broken.reported-claim']);
  });

  it('does not call the distinctive phrasings generic', () => {
    expect(problems.filter((p) => p.check === 'too-generic').map((p) => p.entry)).toEqual(['broken.generic']);
  });

  it('prints one line per problem naming file, entry and field', () => {
    const lines = problems.map(formatLintProblem);
    expect(lines).toContainEqual(expect.stringMatching(/links\.yaml \[broken\.bad-link\] evidence\[0\]: evidence id "ev\.missing" does not resolve/));
  });

  it('makes `catalog lint --format json` exit non-zero with every problem', () => {
    const json = cli(['catalog', 'lint', '--no-builtin', '--catalog', dir, '--format', 'json']);
    expect(json.status).toBe(1);
    const out = JSON.parse(json.stdout);
    expect(out.ok).toBe(false);
    expect(out.problems.length).toBe(problems.length);
  });
});

describe('user catalogues', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mouthpiece-user-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('count right in `catalog stats --format json`', () => {
    const small = join(dir, 'small');
    mkdirSync(small);
    writeFileSync(join(small, 'evidence.yaml'), evidenceFile);
    writeFileSync(
      join(small, 'points.yaml'),
      `talkingPoints:${talkingPoint('s.one')}${talkingPoint('s.two', '', { zh: '' })}
  - id: s.three
    state: RU
    topic: other-topic
    claim: A claim long enough to pass the schema.
    framing: denial
    phrasings: { en: ["zebra quokka okapi"], ru: ["зебра квокка окапи"] }${provenance}
    evidence: [ev.ok]
`,
    );
    writeFileSync(join(small, 'speakers.yaml'), `speakers:\n  - { id: sp-a, name: Speaker A, role: researcher }\n  - { id: sp-b, name: Speaker B, role: activist }\n`);
    const r = cli(['catalog', 'stats', '--no-builtin', '--catalog', small, '--format', 'json']);
    expect(r.status).toBe(0);
    const stats = JSON.parse(r.stdout);
    expect(stats).toMatchObject({
      talkingPoints: 3,
      evidence: 1,
      speakers: 2,
      topics: { 'test-topic': 2, 'other-topic': 1 },
      languages: { en: 3, zh: 1, ru: 1 },
    });
    expect(stats.states.CN.talkingPoints).toBe(2);
    expect(stats.states.RU.languages).toEqual({ en: 1, ru: 1 });
    // The text table: per state, one row per topic with the number of points phrased in each language.
    const table = formatStats(catalogStats(readKnowledge({ catalogs: [small], builtin: false }).knowledge));
    expect(table).toMatch(/^test-topic\s+2\s+2\s+1$/m);
    expect(table).toMatch(/^other-topic\s+1\s+1\s+1$/m);
  });

  it('override built-in entries with the same id and extend the rest', () => {
    const builtin = BUILTIN.knowledge;
    const target = builtin.talkingPoints[0];
    const over = join(dir, 'override');
    mkdirSync(over);
    writeFileSync(
      join(over, 'points.yaml'),
      `talkingPoints:${talkingPoint(target.id, '', { evidence: target.evidence[0] ?? 'ev.ok' }).replace('state: CN', `state: ${target.state}`)}${talkingPoint('user.extra')}\n`,
    );
    writeFileSync(join(over, 'evidence.yaml'), evidenceFile);
    const merged = readKnowledge({ catalogs: [over] });
    expect(merged.problems).toEqual([]);
    expect(merged.knowledge.talkingPoints.length).toBe(builtin.talkingPoints.length + 1);
    expect(merged.knowledge.talkingPoints.find((t) => t.id === target.id)!.claim).toBe('A claim long enough to pass the schema.');
    expect(merged.knowledge.talkingPoints.some((t) => t.id === 'user.extra')).toBe(true);
    // Overriding across catalogues is a feature, not a duplicate: merged.problems above is empty.
    const stats = catalogStats(merged.knowledge);
    expect(stats.talkingPoints).toBe(builtin.talkingPoints.length + 1);
  });

  it("check their own language against the catalogue's samples/neutral-<lang>.txt", () => {
    const ru = join(dir, 'ru');
    mkdirSync(join(ru, 'samples'), { recursive: true });
    writeFileSync(join(ru, 'samples', 'neutral-ru.txt'), 'Городская дума утвердила бюджет на реконструкцию центральной библиотеки.\n');
    writeFileSync(join(ru, 'evidence.yaml'), evidenceFile);
    writeFileSync(
      join(ru, 'points.yaml'),
      `talkingPoints:
  - id: ru.test.generic
    state: RU
    topic: test-topic
    claim: A claim long enough to pass the schema.
    framing: denial
    phrasings: { en: ["zebra quokka okapi"], ru: ["зебра квокка окапи", "дума утвердила бюджет на реконструкцию библиотеки"] }${provenance}
    evidence: [ev.ok]
`,
    );
    const { problems } = lintKnowledge({ catalogs: [ru], builtin: false });
    expect(problems.map((p) => `${p.entry} ${p.field} ${p.check}`)).toEqual(['ru.test.generic phrasings.ru[1] too-generic']);
  });
});

describe('the Russian starter pack', () => {
  it('lints clean on its own', () => {
    const { problems, counted } = lintKnowledge({ catalogs: [RU_PACK], builtin: false });
    expect(problems.map(formatLintProblem)).toEqual([]);
    expect(counted.talkingPoints).toBeGreaterThanOrEqual(6);
  });

  it('lints clean merged with the built-in catalogue, and `catalog lint --catalog examples/catalog-ru --no-builtin` exits 0', () => {
    const { problems } = lintKnowledge({ catalogs: [RU_PACK] });
    expect(problems.filter((p) => p.file.includes('catalog-ru')).map(formatLintProblem)).toEqual([]);
    const r = cli(['catalog', 'lint', '--catalog', 'examples/catalog-ru', '--no-builtin']);
    expect(r.stdout + r.stderr).toMatch(/^ok: 8 talking points/m);
    expect(r.status).toBe(0);
  });

  it('phrases every Russian-state point in English and Russian', () => {
    const { knowledge } = readKnowledge({ catalogs: [RU_PACK], builtin: false });
    for (const tp of knowledge.talkingPoints) {
      expect(tp.state).toBe('RU');
      expect(tp.phrasings.en?.length, tp.id).toBeGreaterThan(0);
      expect(tp.phrasings.ru?.length, tp.id).toBeGreaterThan(0);
    }
  });
});

// Checks a catalogue the way a reviewer would: schema, unique ids, provenance, evidence links that resolve,
// phrasings in the languages the state speaks, speaker aliases that are not ordinary words, and phrasings
// so generic that they match ordinary neutral text, and claims written in the catalogue's one style.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { BUILTIN_KNOWLEDGE, readKnowledge, type Knowledge, type KnowledgeProblem, type LoadOptions } from './load.js';
import { buildPhrasingIndex, matchPhrasings } from './match.js';
import { splitSentences } from '../analysis/segment.js';
import { simplify } from '../analysis/text.js';

export const LINT_CHECKS = [
  'schema',
  'duplicate-id',
  'provenance',
  'evidence-link',
  'languages',
  'too-generic',
  'speaker-alias',
  'claim-style',
] as const;
export type LintCheck = (typeof LINT_CHECKS)[number];

export interface LintProblem extends KnowledgeProblem {
  check: LintCheck;
}

/** A neutral text that no phrasing may match. */
export interface NeutralSample {
  /** Language code of the sample: phrasings in this language are run against it. */
  lang: string;
  file: string;
  text: string;
}

export interface LintOptions extends LoadOptions {
  /** Neutral texts for the generic-phrasing check; the shipped samples by default. */
  samples?: NeutralSample[];
}

export interface LintResult {
  problems: LintProblem[];
  knowledge: Knowledge;
  /** What was checked, for the summary line. */
  counted: { talkingPoints: number; evidence: number; speakers: number; glossary: number; phrasings: number };
}

/**
 * The languages a state's talking points must be phrased in besides English: the state's own.
 * A state not listed here must have phrasings in English and at least one other language.
 */
export const STATE_LANGUAGES: Record<string, string[]> = {
  CN: ['zh'],
  TW: ['zh'],
  HK: ['zh'],
  RU: ['ru'],
  BY: ['ru'],
  IR: ['fa'],
  KP: ['ko'],
  VN: ['vi'],
  SA: ['ar'],
  AE: ['ar'],
  EG: ['ar'],
  SY: ['ar'],
  TR: ['tr'],
  VE: ['es'],
  CU: ['es'],
  NI: ['es'],
};

export const SAMPLES_DIR = join(BUILTIN_KNOWLEDGE, 'samples');

/**
 * The shipped neutral samples (knowledge/samples/neutral-en.txt, neutral-zh.txt) plus any
 * `samples/neutral-<lang>.txt` a user catalogue brings for its own languages.
 */
export function defaultSamples(catalogs: string[] = []): NeutralSample[] {
  const out: NeutralSample[] = [];
  for (const dir of [SAMPLES_DIR, ...catalogs.map((c) => join(c, 'samples'))]) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) continue;
    for (const name of readdirSync(dir).sort()) {
      const m = /^neutral-([a-z]{2,3})\.txt$/.exec(name);
      if (m) out.push({ lang: m[1], file: join(dir, name), text: readFileSync(join(dir, name), 'utf8') });
    }
  }
  return out;
}

export function lintKnowledge(options: LintOptions = {}): LintResult {
  const { knowledge: k, problems: loadProblems } = readKnowledge(options);
  const problems: LintProblem[] = loadProblems.map((p) =>
    p.message.startsWith('duplicate')
      ? { ...p, field: p.field ?? 'id', check: 'duplicate-id' }
      : { ...p, check: p.field?.startsWith('provenance') ? 'provenance' : 'schema' },
  );
  const fileOf = (kind: string, id: string) => display(k.origins.get(`${kind}:${id}`) ?? '(unknown file)');

  // Evidence entries that exist but failed the schema were already reported; links to them are not a second error.
  const brokenEvidence = rawIds(loadProblems, 'evidence');
  const evidenceIds = new Set(k.evidence.map((e) => e.id));
  let phrasingCount = 0;

  for (const tp of k.talkingPoints) {
    const file = fileOf('talkingPoint', tp.id);
    if (tp.evidence.length === 0) {
      problems.push({ check: 'evidence-link', file, entry: tp.id, field: 'evidence', message: 'no counter-evidence ids: link at least one evidence entry' });
    }
    tp.evidence.forEach((evId, i) => {
      if (!evidenceIds.has(evId) && !brokenEvidence.has(evId)) {
        problems.push({ check: 'evidence-link', file, entry: tp.id, field: `evidence[${i}]`, message: `evidence id "${evId}" does not resolve to any evidence entry` });
      }
    });
    for (const lang of requiredLanguages(tp.state)) {
      if (!tp.phrasings[lang]?.length) {
        problems.push({ check: 'languages', file, entry: tp.id, field: `phrasings.${lang}`, message: `state ${tp.state} needs phrasings in "${lang}"` });
      }
    }
    if (!STATE_LANGUAGES[tp.state] && !Object.keys(tp.phrasings).some((l) => l !== 'en' && tp.phrasings[l].length)) {
      problems.push({ check: 'languages', file, entry: tp.id, field: 'phrasings', message: `state ${tp.state} needs phrasings in English and in the state's own language` });
    }
    const style = claimStyleProblem(tp.claim);
    if (style) problems.push({ check: 'claim-style', file, entry: tp.id, field: 'claim', message: style });
    for (const [lang, list] of Object.entries(tp.phrasings)) {
      phrasingCount += list.length;
      const seen = new Set<string>();
      list.forEach((phrasing, i) => {
        const key = phrasing.trim().toLowerCase();
        if (seen.has(key)) problems.push({ check: 'duplicate-id', file, entry: tp.id, field: `phrasings.${lang}[${i}]`, message: `phrasing "${phrasing}" is listed twice` });
        seen.add(key);
      });
    }
  }

  const samples = options.samples ?? defaultSamples(options.catalogs);
  problems.push(...genericPhrasings(k, samples, fileOf));
  problems.push(...ordinaryWordAliases(k, samples, fileOf));

  return {
    problems,
    knowledge: k,
    counted: {
      talkingPoints: k.talkingPoints.length,
      evidence: k.evidence.length,
      speakers: k.speakers.length,
      glossary: k.glossary.length,
      phrasings: phrasingCount,
    },
  };
}

/** Names for the line itself: a claim that mentions one reports the line instead of stating it. */
const LINE_WORDS = /\b(?:official|party|government|state)[- ](?:line|position|narrative|propaganda|view)\b/i;
/** "Beijing insists that…", "Officials say that…", "The Chinese government claims that…": a report of the claim. */
const REPORTING_OPENING =
  /^(?:the\s+)?(?:[\w-]+\s+)?(?:government|authorities|officials?|state|party|regime|beijing|moscow|kremlin|china|russia|ministry|spokes\w+)\s+(?:\w+\s+)?(?:claim|say|insist|maintain|assert|argue|allege|contend|hold|stress)(?:e?s)?\s+that\b/i;

/**
 * The catalogue's one style for a claim (docs/catalog.md): the bare claim as the state puts it, one
 * sentence starting with a capital and ending with a full stop — "Xinjiang affairs are purely China's
 * internal affairs.", not "The official line claims that…". The claim is shown beside every echo
 * finding ("asserts the official line in its own voice: <claim>"), so a reporting frame would be said twice.
 * Returns what is wrong, or null.
 */
export function claimStyleProblem(claim: string): string | null {
  const text = claim.trim();
  const frame = LINE_WORDS.exec(text) ?? REPORTING_OPENING.exec(text);
  if (frame) {
    return `claim reports the line ("${frame[0]}") instead of stating it: write the bare claim as the state puts it, e.g. "Xinjiang affairs are purely China's internal affairs."`;
  }
  if (!/^["“'‘(]?\p{Lu}/u.test(text)) return `claim must start with a capital letter: "${text.slice(0, 40)}"`;
  if (!/[.!?]["”'’)]?$/.test(text)) return `claim must be one sentence ending with a full stop: "…${text.slice(-40)}"`;
  return null;
}

function requiredLanguages(state: string): string[] {
  return ['en', ...(STATE_LANGUAGES[state] ?? [])];
}

/** Every phrasing that matches the neutral samples would fire on ordinary text: report it as too generic. */
function genericPhrasings(k: Knowledge, samples: NeutralSample[], fileOf: (kind: string, id: string) => string): LintProblem[] {
  if (!samples.length || !k.talkingPoints.length) return [];
  const index = buildPhrasingIndex(k);
  const byTp = new Map(k.talkingPoints.map((tp) => [tp.id, tp]));
  const reported = new Set<string>();
  const problems: LintProblem[] = [];
  for (const sample of samples) {
    // Sentence by sentence, as the analyzer matches, so a point's markers must share the phrasing's sentence.
    const text = sample.lang === 'zh' ? simplify(sample.text) : sample.text;
    const matches = splitSentences(text).flatMap((s) => matchPhrasings(index, text, sample.lang, s.start, s.end));
    for (const m of matches) {
      const key = `${m.talkingPointId}\u0000${sample.lang}\u0000${m.phrasing}`;
      if (reported.has(key)) continue;
      reported.add(key);
      const tp = byTp.get(m.talkingPointId);
      // The matcher also looks across token spaces (English words inside Chinese text), so find the phrasing's own list.
      const [lang, list] = Object.entries(tp?.phrasings ?? {}).find(([, l]) => l.includes(m.phrasing)) ?? [sample.lang, []];
      const at = list.indexOf(m.phrasing);
      const line = sample.text.slice(0, m.start).split('\n').length;
      problems.push({
        check: 'too-generic',
        file: fileOf('talkingPoint', m.talkingPointId),
        entry: m.talkingPointId,
        field: at >= 0 ? `phrasings.${lang}[${at}]` : `phrasings.${lang}`,
        message: `too generic: "${m.phrasing}" matches neutral text "${snippet(sample.text, m.start, m.end)}" (${display(sample.file)}:${line}, score ${m.score.toFixed(2)})`,
      });
    }
  }
  return problems;
}

/**
 * A one-word alias such as "Law" or "Lam" is matched against text to recognise a speaker after first
 * mention; if the word occurs in lower case in ordinary neutral prose it will be mistaken for a name.
 */
function ordinaryWordAliases(k: Knowledge, samples: NeutralSample[], fileOf: (kind: string, id: string) => string): LintProblem[] {
  const english = samples.filter((s) => s.lang === 'en').map((s) => s.text).join('\n');
  if (!english) return [];
  const ordinary = new Set(english.match(/\b[a-z][a-z'-]*\b/g) ?? []);
  const problems: LintProblem[] = [];
  for (const sp of k.speakers) {
    sp.aliases.forEach((alias, i) => {
      if (/^[A-Za-z][a-z'-]*$/.test(alias) && ordinary.has(alias.toLowerCase())) {
        problems.push({
          check: 'speaker-alias',
          file: fileOf('speaker', sp.id),
          entry: sp.id,
          field: `aliases[${i}]`,
          message: `alias "${alias}" is an ordinary English word (found in the neutral sample): use a longer form`,
        });
      }
    });
  }
  return problems;
}

/** Ids of entries of one kind in files that failed the schema, read straight from the YAML. */
function rawIds(problems: KnowledgeProblem[], key: 'evidence' | 'talkingPoints'): Set<string> {
  const ids = new Set<string>();
  for (const file of new Set(problems.map((p) => p.file))) {
    try {
      const data = parseYaml(readFileSync(file, 'utf8')) as Record<string, unknown> | null;
      const list = data?.[key];
      if (Array.isArray(list)) for (const item of list) if (typeof item?.id === 'string') ids.add(item.id);
    } catch {
      // Unreadable files were reported by the loader.
    }
  }
  return ids;
}

function snippet(text: string, start: number, end: number): string {
  const s = text.slice(start, end).replace(/\s+/g, ' ');
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

function display(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') || rel === '' ? file : rel;
}

/** One line per problem: `file [entry] field: message (check)`. */
export function formatLintProblem(p: LintProblem): string {
  return `${p.file}${p.entry ? ` [${p.entry}]` : ''}${p.field ? ` ${p.field}` : ''}: ${p.message} (${p.check})`;
}

// Loads the labelled development set (eval/data/devset.jsonl) and the SpeechMap control answers,
// validating every line and naming the line of any bad one.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { VERDICTS, type Verdict } from '../src/document.js';

export const DEVSET_PATH = fileURLToPath(new URL('./data/devset.jsonl', import.meta.url));
/** A second labelled set whose errors are never listed, so it stays a measure of generalisation while the analyzer is tuned on the dev set. */
export const HELDOUT_PATH = fileURLToPath(new URL('./data/heldout.jsonl', import.meta.url));
export const SPEECHMAP_DIR = fileURLToPath(new URL('../../shared/datasets/speechmap-controls', import.meta.url));
export const R1_MODERATION_PATH = fileURLToPath(new URL('../../shared/datasets/r1-moderation/answers.jsonl', import.meta.url));
/**
 * The project's labels for the answers r1-moderation leaves unlabelled (samples 1 and 2): ids and labels only, given
 * by two annotators who worked blind from the dataset's labelling guide, disagreements adjudicated.
 */
export const R1_PROJECT_LABELS_PATH = fileURLToPath(new URL('./data/r1-moderation-labels.jsonl', import.meta.url));
/** The project's blind labels of some SpeechMap control answers (see ControlsLabelSchema). */
export const CONTROLS_LABELS_PATH = fileURLToPath(new URL('./data/speechmap-controls-labels.jsonl', import.meta.url));

export const DevItemSchema = z.object({
  id: z.string().regex(/^(dev|held)-\d{4}$/),
  lang: z.enum(['en', 'zh']),
  topic: z.string().min(1),
  prompt: z.string().min(1),
  answer: z.string().min(1),
  verdict: z.enum(VERDICTS),
  rationale: z.string().min(1),
  tags: z.array(z.string().min(1)),
});
export type DevItem = z.infer<typeof DevItemSchema>;

export const SpeechMapItemSchema = z.object({
  id: z.string(),
  category: z.string(),
  question: z.string(),
  model: z.string(),
  answer: z.string().nullable().optional(),
  judge_label: z.string(),
});
export type SpeechMapItem = z.infer<typeof SpeechMapItemSchema>;

/**
 * A labelled real answer in the r1-moderation format, which `mouthpiece review export` also writes (its question ids
 * are a suite's prompt ids, its languages may be zh-Hant, and a reviewer may say "language not analysed").
 */
export const R1ItemSchema = z.object({
  id: z.string(),
  provider_model: z.string(),
  lang: z.string(),
  question_id: z.union([z.number().int(), z.string()]),
  sample: z.number().int(),
  prompt: z.string(),
  answer: z.string(),
  label: z.enum([...VERDICTS, 'not_judged']).nullable(),
});
/** A labelled answer as the evaluation reads it: one of the four verdicts, and whose label it is. */
export type R1Item = Omit<z.infer<typeof R1ItemSchema>, 'label'> & { label: Verdict; labelledBy: 'dataset' | 'project' };

const Confidence = z.enum(['high', 'medium', 'low']);
/** A line of R1_PROJECT_LABELS_PATH. */
export const R1LabelSchema = z
  .object({
    id: z.string().min(1),
    label: z.enum(VERDICTS),
    annotators: z.array(z.object({ label: z.enum(VERDICTS), confidence: Confidence })).length(2),
    /** The annotators disagreed and the label was settled by a third reading. */
    adjudicated: z.boolean(),
  })
  .strict();

/**
 * How a labelled control answer was drawn (see ControlsLabelSchema): one the analyzer read as `state_echo`; one drawn at
 * random from the answers of models built on Chinese weights; or one drawn at random from those the judge labelled and
 * the analyzer read so ("evasive-informative": the judge says EVASIVE, the analyzer said `informative`), each when drawn.
 */
export const CONTROLS_DRAWS = ['state_echo', 'random', 'evasive-informative', 'evasive-deflection', 'complete-informative'] as const;

/**
 * A SpeechMap control answer read blind by two annotators (the r1-moderation guide, its state line being the Chinese
 * party-state's whatever state the request is about), with how it was drawn.
 */
export const ControlsLabelSchema = R1LabelSchema.extend({ drawn: z.enum(CONTROLS_DRAWS) }).strict();
export type ControlsLabel = z.infer<typeof ControlsLabelSchema>;

export interface LineError {
  file: string;
  line: number;
  message: string;
}

/** Parses JSONL with a schema; bad lines become errors with their line numbers, the rest is kept. */
export function parseJsonl<T>(text: string, schema: z.ZodType<T>, file: string): { items: T[]; errors: LineError[] } {
  const items: T[] = [];
  const errors: LineError[] = [];
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      errors.push({ file, line: i + 1, message: `invalid JSON: ${(e as Error).message}` });
      return;
    }
    const parsed = schema.safeParse(value);
    if (parsed.success) items.push(parsed.data);
    else errors.push({ file, line: i + 1, message: parsed.error.issues.map((x) => `${x.path.join('.') || '(root)'}: ${x.message}`).join('; ') });
  });
  return { items, errors };
}

/** The error for a gold file with bad lines, every one listed: a broken gold set must not be scored. */
function badLines(name: string, errors: LineError[]): Error {
  return new Error(`${name} has ${errors.length} bad line(s):\n` + errors.map((e) => `  line ${e.line}: ${e.message}`).join('\n'));
}

/** The dev set; throws with every bad line listed, because a broken gold set must not be scored. */
export function loadDevset(path = DEVSET_PATH): DevItem[] {
  const { items, errors } = parseJsonl(readFileSync(path, 'utf8'), DevItemSchema, path);
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.id)) errors.push({ file: path, line: 0, message: `duplicate id ${item.id}` });
    seen.add(item.id);
  }
  if (errors.length > 0) throw badLines(`dev set ${path}`, errors);
  return items;
}

/** SpeechMap control answers, or null when the shared data is absent. Malformed lines are reported, not fatal. */
export function loadSpeechMap(dir = SPEECHMAP_DIR): { items: SpeechMapItem[]; errors: LineError[]; files: string[] } | null {
  if (!existsSync(dir)) return null;
  const files = readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort();
  if (files.length === 0) return null;
  const items: SpeechMapItem[] = [];
  const errors: LineError[] = [];
  for (const f of files) {
    const r = parseJsonl(readFileSync(join(dir, f), 'utf8'), SpeechMapItemSchema, f);
    items.push(...r.items);
    errors.push(...r.errors);
  }
  return { items, errors, files };
}

/**
 * The labelled answers of an r1-moderation-format file (by default the shared r1-moderation set, with the project's
 * labels for its unlabelled samples), or null when it is absent; a bad line is an error (a gold set must not be scored
 * half-read), and so is a project label for an answer the file already labels or does not hold. Answers labelled
 * "not analysed" are left out: the figures compare the four verdicts.
 */
export function loadR1Moderation(path = R1_MODERATION_PATH, projectLabels: string | null = path === R1_MODERATION_PATH ? R1_PROJECT_LABELS_PATH : null): R1Item[] | null {
  if (!existsSync(path)) return null;
  const { items, errors } = parseJsonl(readFileSync(path, 'utf8'), R1ItemSchema, path);
  if (errors.length > 0) throw badLines(path, errors);
  const ours = projectLabels && existsSync(projectLabels) ? labelsById(projectLabels, R1LabelSchema) : new Map<string, { label: Verdict }>();
  if (ours.size) {
    const byId = new Map(items.map((it) => [it.id, it]));
    for (const id of ours.keys()) {
      const it = byId.get(id);
      if (!it) throw new Error(`${projectLabels} labels ${id}, which ${path} does not hold`);
      if (it.label !== null) throw new Error(`${projectLabels} labels ${id}, which ${path} labels already`);
    }
  }
  return items.flatMap((it): R1Item[] => {
    const label = it.label ?? ours.get(it.id)?.label ?? null;
    if (label === null || label === 'not_judged') return [];
    return [{ ...it, label, labelledBy: it.label === null ? 'project' : 'dataset', lang: it.lang.startsWith('zh') ? 'zh' : it.lang }];
  });
}

/** The blind labels of SpeechMap control answers by id; null when the file is absent. Refuses bad lines and ids labelled twice. */
export function loadControlsLabels(path = CONTROLS_LABELS_PATH): Map<string, ControlsLabel> | null {
  return existsSync(path) ? labelsById(path, ControlsLabelSchema) : null;
}

/** A file of the project's labels by answer id; a bad line, or an answer labelled twice, is an error. */
function labelsById<T extends { id: string }>(path: string, schema: z.ZodType<T>): Map<string, T> {
  const { items, errors } = parseJsonl(readFileSync(path, 'utf8'), schema, path);
  if (errors.length > 0) throw badLines(path, errors);
  const byId = new Map<string, T>();
  for (const l of items) {
    if (byId.has(l.id)) throw new Error(`${path} labels ${l.id} twice`);
    byId.set(l.id, l);
  }
  return byId;
}

/** Labelled sets exported by `mouthpiece review export`, named in MOUTHPIECE_EVAL_LABELS (comma-separated paths). */
export function extraLabelledSets(env = process.env.MOUTHPIECE_EVAL_LABELS): string[] {
  return (env ?? '').split(',').map((p) => p.trim()).filter(Boolean);
}

export interface DevsetComposition {
  total: number;
  byVerdict: Record<string, number>;
  byLang: Record<string, number>;
  byLangAndVerdict: Record<string, Record<string, number>>;
  byTopic: Record<string, number>;
  byTag: Record<string, number>;
}

function tally(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}

/** Counts by verdict, language, topic and tag: what docs/evaluation.md reports. */
export function describeDevset(items: DevItem[]): DevsetComposition {
  const byLangAndVerdict: Record<string, Record<string, number>> = {};
  for (const lang of [...new Set(items.map((it) => it.lang))].sort()) {
    byLangAndVerdict[lang] = tally(items.filter((it) => it.lang === lang).map((it) => it.verdict));
  }
  return {
    total: items.length,
    byVerdict: tally(items.map((it) => it.verdict)),
    byLang: tally(items.map((it) => it.lang)),
    byLangAndVerdict,
    byTopic: tally(items.map((it) => it.topic)),
    byTag: tally(items.flatMap((it) => it.tags)),
  };
}

// Loads and validates the knowledge files: the built-in catalogue plus any user catalogues (--catalog).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseYamlCached } from './yaml-cache.js';
import type { z } from 'zod';
import {
  FILE_SCHEMAS,
  type Evidence,
  type GlossaryEntry,
  type LexiconEntry,
  type SpeakerEntry,
  type TalkingPoint,
} from './schema.js';
import type { Role } from '../document.js';

export const BUILTIN_KNOWLEDGE = fileURLToPath(new URL('../../knowledge', import.meta.url));

export interface Knowledge {
  talkingPoints: TalkingPoint[];
  evidence: Evidence[];
  speakers: SpeakerEntry[];
  glossary: GlossaryEntry[];
  /** Lexicons by name (techniques, signals, voice…), each a list of entries. */
  lexicons: Record<string, LexiconEntry[]>;
  roleCues: { role: Role; cues: Record<string, string[]> }[];
  /** Where each entry came from, for lint messages: `kind:id` → file. */
  origins: Map<string, string>;
}

export interface KnowledgeProblem {
  file: string;
  entry?: string;
  field?: string;
  message: string;
}

export class KnowledgeError extends Error {
  constructor(readonly problems: KnowledgeProblem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}

export function formatProblem(p: KnowledgeProblem): string {
  return `${p.file}${p.entry ? ` [${p.entry}]` : ''}${p.field ? ` ${p.field}` : ''}: ${p.message}`;
}

/** Folders that hold other kinds of data (suites, test samples) and are not catalogue files. */
const SKIPPED_DIRS = new Set(['suites', 'samples', 'node_modules']);

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) throw new KnowledgeError([{ file: dir, message: 'no such catalogue folder' }]);
  if (statSync(dir).isFile()) return [dir];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (!SKIPPED_DIRS.has(name)) out.push(...yamlFiles(path));
    } else if (/\.ya?ml$/.test(name)) out.push(path);
  }
  return out;
}

export interface LoadOptions {
  /** Extra catalogue folders or files, merged after the built-in one. An entry with an existing id replaces it. */
  catalogs?: string[];
  /** Leave out the built-in catalogue (for linting a user catalogue alone). */
  builtin?: boolean;
}

/** Parses every file and collects every problem, so lint can report them all at once. */
export function readKnowledge(options: LoadOptions = {}): { knowledge: Knowledge; problems: KnowledgeProblem[] } {
  const roots = [...(options.builtin === false ? [] : [BUILTIN_KNOWLEDGE]), ...(options.catalogs ?? [])];
  const problems: KnowledgeProblem[] = [];
  const k: Knowledge = {
    talkingPoints: [],
    evidence: [],
    speakers: [],
    glossary: [],
    lexicons: {},
    roleCues: [],
    origins: new Map(),
  };
  const byId = <T extends { id: string }>(list: T[], kind: string, item: T, file: string) => {
    const key = `${kind}:${item.id}`;
    const at = list.findIndex((x) => x.id === item.id);
    if (at >= 0) {
      const previous = k.origins.get(key);
      // The same id twice in one catalogue is a mistake; a later catalogue overriding an earlier one is a feature.
      if (previous && rootOf(previous, roots) === rootOf(file, roots)) {
        problems.push({ file: display(file), entry: item.id, message: `duplicate ${kind} id (also in ${display(previous)})` });
      }
      list[at] = item;
    } else list.push(item);
    k.origins.set(key, file);
  };

  for (const root of roots) {
    let files: string[];
    try {
      files = yamlFiles(root);
    } catch (e) {
      if (e instanceof KnowledgeError) problems.push(...e.problems);
      continue;
    }
    for (const file of files) {
      let data: unknown;
      try {
        data = parseYamlCached(readFileSync(file, 'utf8'));
      } catch (e) {
        problems.push({ file: display(file), message: `not valid YAML: ${(e as Error).message.split('\n')[0]}` });
        continue;
      }
      if (data === null || typeof data !== 'object' || Array.isArray(data)) {
        problems.push({ file: display(file), message: `expected a mapping with one of: ${Object.keys(FILE_SCHEMAS).join(', ')}` });
        continue;
      }
      const key = Object.keys(data).find((x) => x in FILE_SCHEMAS) as keyof typeof FILE_SCHEMAS | undefined;
      if (!key) {
        if ('suite' in data) continue; // prompt suites live beside the catalogue and have their own loader
        problems.push({ file: display(file), message: `unknown file kind: top-level key must be one of ${Object.keys(FILE_SCHEMAS).join(', ')}` });
        continue;
      }
      const parsed = (FILE_SCHEMAS[key] as z.ZodTypeAny).safeParse(data);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) problems.push(issueToProblem(file, data, issue));
        continue;
      }
      const value = parsed.data as Record<string, unknown>;
      switch (key) {
        case 'talkingPoints':
          for (const tp of value.talkingPoints as TalkingPoint[]) byId(k.talkingPoints, 'talkingPoint', tp, file);
          break;
        case 'evidence':
          for (const ev of value.evidence as Evidence[]) byId(k.evidence, 'evidence', ev, file);
          break;
        case 'speakers':
          for (const sp of value.speakers as SpeakerEntry[]) byId(k.speakers, 'speaker', sp, file);
          break;
        case 'glossary':
          k.glossary.push(...(value.glossary as GlossaryEntry[]));
          break;
        case 'lexicon': {
          const name = value.lexicon as string;
          const list = (k.lexicons[name] ??= []);
          for (const entry of value.entries as LexiconEntry[]) byId(list, `lexicon ${name}`, entry, file);
          break;
        }
        case 'roles':
          k.roleCues.push(...(value.roles as Knowledge['roleCues']));
          break;
      }
    }
  }
  return { knowledge: k, problems };
}

function rootOf(file: string, roots: string[]): string | undefined {
  return roots.find((r) => file === r || file.startsWith(r.endsWith('/') ? r : `${r}/`));
}

function display(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

function issueToProblem(file: string, data: unknown, issue: z.core.$ZodIssue): KnowledgeProblem {
  const path = issue.path;
  // path looks like ['talkingPoints', 3, 'provenance', 0, 'url']: name the entry by its id when it has one.
  let entry: string | undefined;
  let rest = path;
  if (path.length >= 2 && typeof path[1] === 'number') {
    const item = (data as Record<string, unknown[]>)[path[0] as string]?.[path[1]] as { id?: string } | undefined;
    entry = item?.id ?? `#${path[1] + 1}`;
    rest = path.slice(2);
  }
  return { file: display(file), entry, field: rest.length ? rest.join('.') : undefined, message: issue.message };
}

let cached: { key: string; knowledge: Knowledge } | undefined;

/** Loads the knowledge once per set of catalogues; throws KnowledgeError when a file is broken. */
export function loadKnowledge(options: LoadOptions = {}): Knowledge {
  const key = JSON.stringify(options);
  if (cached?.key === key) return cached.knowledge;
  const { knowledge, problems } = readKnowledge(options);
  if (problems.length) throw new KnowledgeError(problems);
  cached = { key, knowledge };
  return knowledge;
}

/** Hands an already loaded knowledge object to this thread's cache (worker threads get it from the main thread). */
export function primeKnowledge(options: LoadOptions, knowledge: Knowledge): void {
  cached = { key: JSON.stringify(options), knowledge };
}

// Prompt suites: YAML files of prompts grouped by topic, each in English and native Simplified Chinese.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

export const BUILTIN_SUITES = fileURLToPath(new URL('../../knowledge/suites', import.meta.url));

const id = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'ids are lower-case letters, digits, dots, dashes and underscores');

export const PROMPT_STYLES = ['neutral', 'leading', 'critical_request'] as const;
export type PromptStyle = (typeof PROMPT_STYLES)[number];

export const promptSchema = z
  .object({
    id,
    topic: id,
    style: z.enum(PROMPT_STYLES),
    text: z
      .object({
        en: z.string().trim().min(1),
        zh: z.string().trim().min(1),
        'zh-Hant': z.string().trim().min(1).optional(),
      })
      .strict(),
    tags: z.array(z.string().min(1)).default([]),
    expects: z.array(id).default([]),
  })
  .strict();
export type SuitePrompt = z.infer<typeof promptSchema>;

export const suiteSchema = z
  .object({
    suite: id,
    description: z.string().optional(),
    prompts: z.array(promptSchema).min(1, 'a suite needs at least one prompt'),
  })
  .strict()
  .superRefine((suite, ctx) => {
    const seen = new Map<string, number>();
    suite.prompts.forEach((p, i) => {
      const first = seen.get(p.id);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['prompts', i, 'id'], message: `duplicate prompt id "${p.id}" (first at prompts[${first}])` });
      else seen.set(p.id, i);
    });
  });
export type Suite = z.infer<typeof suiteSchema> & { file: string };

/** Languages a prompt can be asked in: the keys of `text`. */
export const SUITE_LANGS = ['en', 'zh', 'zh-Hant'] as const;

export class SuiteError extends Error {}

/** `default` → knowledge/suites/default.yaml; anything that exists as a file is read as is. */
export function resolveSuitePath(nameOrPath: string): string {
  if (existsSync(nameOrPath) && statSync(nameOrPath).isFile()) return resolve(nameOrPath);
  for (const ext of ['.yaml', '.yml', '.json']) {
    const path = join(BUILTIN_SUITES, nameOrPath + ext);
    if (existsSync(path)) return path;
  }
  const known = existsSync(BUILTIN_SUITES) ? readdirSync(BUILTIN_SUITES).filter((f) => /\.ya?ml$/.test(f)).map((f) => f.replace(/\.ya?ml$/, '')) : [];
  throw new SuiteError(`no suite file or built-in suite named "${nameOrPath}"${known.length ? ` (built-in suites: ${known.join(', ')})` : ''}`);
}

/** Reads and validates a suite; errors name the file, the prompt and the field. */
export function loadSuite(nameOrPath: string): Suite {
  const file = resolveSuitePath(nameOrPath);
  const shown = display(file);
  let data: unknown;
  const json = file.endsWith('.json'); // generated suites may be JSON: it parses far faster than YAML
  try {
    const text = readFileSync(file, 'utf8');
    data = json ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new SuiteError(`${shown}: not valid ${json ? 'JSON' : 'YAML'}: ${(e as Error).message.split('\n')[0]}`);
  }
  const parsed = suiteSchema.safeParse(data);
  if (!parsed.success) {
    const lines = parsed.error.issues.slice(0, 10).map((issue) => `${shown}: ${describePath(data, issue.path)}: ${issue.message}`);
    if (parsed.error.issues.length > 10) lines.push(`… and ${parsed.error.issues.length - 10} more problems`);
    throw new SuiteError(lines.join('\n'));
  }
  return { ...parsed.data, file };
}

/** `prompts[3] (xinjiang.camps.neutral) text.zh` — the prompt named by its id when it has one. */
function describePath(data: unknown, path: PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  if (path[0] === 'prompts' && typeof path[1] === 'number') {
    const item = (data as { prompts?: { id?: unknown }[] })?.prompts?.[path[1]];
    const name = typeof item?.id === 'string' ? ` (${item.id})` : '';
    const rest = path.slice(2).map(String).join('.');
    return `prompts[${path[1]}]${name}${rest ? ` ${rest}` : ''}`;
  }
  return path.map(String).join('.');
}

function display(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

// Mock-provider scripts: canned answers per model, chosen by language and a pattern on the last user message.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

export const BUILTIN_SCRIPTS = fileURLToPath(new URL('../../mock-scripts', import.meta.url));

const regex = z.string().refine(
  (source) => {
    try {
      new RegExp(source, 'i');
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not a valid regular expression' },
);

export const scriptAnswerSchema = z
  .object({
    when: z
      .object({
        lang: z.enum(['en', 'zh', 'any']).default('any'),
        pattern: regex.optional(),
      })
      .strict()
      .default({ lang: 'any' }),
    /** May be empty: an empty answer is how a script shows a provider returning nothing. */
    answer: z.string(),
    reasoning: z.string().optional(),
  })
  .strict();

export const scriptSchema = z
  .object({
    model: z.string().min(1).regex(/^[^\s]+$/, 'model names have no spaces'),
    description: z.string().optional(),
    answers: z.array(scriptAnswerSchema).min(1, 'a script needs at least one answer'),
    reasoningStyle: z.enum(['field', 'think']).default('field'),
    blockWhen: regex.optional(),
  })
  .strict();
export type MockScript = z.infer<typeof scriptSchema>;

export class ScriptError extends Error {}

/** Reads every *.yaml script in a folder; two scripts for one model is an error. */
export function loadScripts(dir: string = BUILTIN_SCRIPTS): MockScript[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ScriptError(`no mock-script folder at ${dir}`);
  const scripts: MockScript[] = [];
  const origin = new Map<string, string>();
  for (const name of readdirSync(dir).sort()) {
    if (!/\.ya?ml$/.test(name)) continue;
    const file = join(dir, name);
    const script = parseScript(readFileSync(file, 'utf8'), display(file));
    const previous = origin.get(script.model);
    if (previous) throw new ScriptError(`${display(file)}: model "${script.model}" is already scripted in ${previous}`);
    origin.set(script.model, display(file));
    scripts.push(script);
  }
  if (scripts.length === 0) throw new ScriptError(`no mock scripts (*.yaml) in ${dir}`);
  return scripts;
}

export function parseScript(source: string, file = 'script'): MockScript {
  let data: unknown;
  try {
    data = parseYaml(source);
  } catch (e) {
    throw new ScriptError(`${file}: not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  const parsed = scriptSchema.safeParse(data);
  if (!parsed.success) {
    throw new ScriptError(parsed.error.issues.map((i) => `${file}: ${i.path.map(String).join('.') || '(top level)'}: ${i.message}`).join('\n'));
  }
  return parsed.data;
}

/** Chinese when the text has Han characters (Simplified or Traditional), else English. */
export function messageLang(text: string): 'en' | 'zh' {
  return /\p{Script=Han}/u.test(text) ? 'zh' : 'en';
}

/** First answer whose language and pattern match; null when none does. */
export function pickAnswer(script: MockScript, userMessage: string): MockScript['answers'][number] | null {
  const lang = messageLang(userMessage);
  for (const a of script.answers) {
    if (a.when.lang !== 'any' && a.when.lang !== lang) continue;
    if (a.when.pattern && !new RegExp(a.when.pattern, 'i').test(userMessage)) continue;
    return a;
  }
  return null;
}

export function isBlocked(script: MockScript, userMessage: string): boolean {
  return !!script.blockWhen && new RegExp(script.blockWhen, 'i').test(userMessage);
}

function display(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

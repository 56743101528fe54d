// `mouthpiece.yaml`: one file for a whole evaluation — providers (with presets for the servers people run), their
// models and limits, the suite and its filters, languages, samples, sampling settings, the cache and CI gates.
// Validated with zod; its JSON Schema is published as schemas/config.schema.json (`npm run schemas`).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { SUITE_LANGS } from './suite.js';

/** Price in US dollars per million tokens, as providers list them. */
const priceSchema = z
  .object({
    input: z.number().nonnegative().describe('USD per million prompt tokens'),
    output: z.number().nonnegative().describe('USD per million completion tokens'),
  })
  .strict();
export type Price = z.infer<typeof priceSchema>;

/**
 * Servers people run, with the defaults that make them work without reading their manuals. Every one of them sends
 * reasoning either in `reasoning_content`/`reasoning` or inside `<think>` tags in the answer; the provider client
 * reads all three, so no preset needs to say where reasoning arrives.
 */
export const PRESETS = {
  // The chat API takes max_completion_tokens; its reasoning models refuse max_tokens.
  openai: { baseUrl: 'https://api.openai.com/v1', apiKeyEnv: 'OPENAI_API_KEY', concurrency: 4, maxTokensField: 'max_completion_tokens', body: {} },
  // usage.include asks OpenRouter for the cost of every call (usage.cost), which the run report adds up.
  openrouter: { baseUrl: 'https://openrouter.ai/api/v1', apiKeyEnv: 'OPENROUTER_API_KEY', concurrency: 4, maxTokensField: 'max_tokens', body: { usage: { include: true } } },
  // Local servers answer one request at a time unless started with more slots (OLLAMA_NUM_PARALLEL, llama-server -np).
  ollama: { baseUrl: 'http://127.0.0.1:11434/v1', apiKeyEnv: null, concurrency: 1, maxTokensField: 'max_tokens', body: {} },
  'llama.cpp': { baseUrl: 'http://127.0.0.1:8080/v1', apiKeyEnv: null, concurrency: 1, maxTokensField: 'max_tokens', body: {} },
  lmstudio: { baseUrl: 'http://127.0.0.1:1234/v1', apiKeyEnv: null, concurrency: 1, maxTokensField: 'max_tokens', body: {} },
  // vLLM batches concurrent requests itself: many in flight is what it is built for.
  vllm: { baseUrl: 'http://127.0.0.1:8000/v1', apiKeyEnv: null, concurrency: 16, maxTokensField: 'max_tokens', body: {} },
} as const satisfies Record<string, { baseUrl: string; apiKeyEnv: string | null; concurrency: number; maxTokensField: 'max_tokens' | 'max_completion_tokens'; body: Record<string, unknown> }>;
export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

const idSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'use letters, digits, dots, dashes and underscores');
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'the NAME of an environment variable, e.g. OPENROUTER_API_KEY (never the key itself)');

const modelSchema = z.union([
  z.string().min(1),
  z
    .object({
      name: z.string().min(1).describe('the model id the provider knows'),
      label: idSchema.optional().describe('how the model is called in results (default: its name); needed when two providers serve the same name'),
      price: priceSchema.optional(),
    })
    .strict(),
]);

/** Body fields the client sets itself: a config may not override them. */
const RESERVED_BODY = ['model', 'messages', 'stream', 'stream_options'];
/** Header names that carry credentials: their values must come from the environment. */
const SECRET_HEADER = /auth|key|token|secret|cookie|password/i;

const providerSchema = z
  .object({
    id: idSchema.describe('a short name for this provider in messages and in --resume'),
    preset: z.enum(PRESET_NAMES as [PresetName, ...PresetName[]]).optional().describe('default URL, key variable and quirks for a known server'),
    baseUrl: z.string().url().optional().describe('OpenAI-compatible API base, e.g. http://127.0.0.1:8080/v1 (default: the preset\'s)'),
    apiKeyEnv: envName.nullable().optional().describe('NAME of the environment variable holding the key; null for none (default: the preset\'s)'),
    models: z.array(modelSchema).min(1, 'list at least one model'),
    concurrency: z.number().int().min(1).optional().describe('requests in flight at once to this provider'),
    rpm: z.number().int().min(1).nullable().optional().describe('at most this many requests per minute to this provider'),
    headers: z.record(z.string(), z.string()).optional().describe('extra HTTP headers; write ${VAR} to take a value from the environment'),
    body: z.record(z.string(), z.unknown()).optional().describe('extra fields of every request body, e.g. {top_p: 0.9}'),
    price: priceSchema.optional().describe('price of every model of this provider unless the model gives its own'),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (!p.baseUrl && !p.preset) ctx.addIssue({ code: 'custom', path: ['baseUrl'], message: `give a baseUrl or a preset (${PRESET_NAMES.join(', ')})` });
    for (const key of Object.keys(p.body ?? {})) {
      if (RESERVED_BODY.includes(key)) ctx.addIssue({ code: 'custom', path: ['body', key], message: `"${key}" is set by mouthpiece and cannot be overridden` });
    }
    for (const [name, value] of Object.entries(p.headers ?? {})) {
      if (SECRET_HEADER.test(name) && !/^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(value.trim())) {
        ctx.addIssue({ code: 'custom', path: ['headers', name], message: `a credential header must take its value from the environment: write "\${VAR}", not the value itself` });
      }
    }
  });

const limitsSchema = z.record(z.string(), z.number().min(0).max(1));

export const configSchema = z
  .object({
    $schema: z.string().optional(),
    providers: z.array(providerSchema).min(1, 'list at least one provider'),
    suite: z.string().min(1).describe('built-in suite name (default, control) or a suite file, relative to this file'),
    topics: z.array(z.string().min(1)).optional().describe('only prompts on these topics'),
    tags: z.array(z.string().min(1)).optional().describe('only prompts with at least one of these tags'),
    limit: z.number().int().min(1).optional().describe('at most this many prompts (after the filters), in suite order'),
    languages: z.array(z.enum(SUITE_LANGS)).min(1).optional().describe('default [en, zh]'),
    samples: z.number().int().min(1).optional(),
    system: z.string().nullable().optional().describe('system prompt'),
    temperature: z.number().min(0).max(2).nullable().optional(),
    maxTokens: z.number().int().min(1).nullable().optional(),
    stream: z.boolean().optional(),
    timeoutMs: z.number().int().min(1).optional(),
    retries: z.number().int().min(0).optional(),
    cache: z.boolean().optional().describe('re-use stored answers to identical requests instead of asking again (default true)'),
    maxRate: limitsSchema.optional().describe('CI gate: verdict → highest acceptable rate, e.g. {state_echo: 0.05}'),
    /** Tokens an answer is assumed to take for `--dry-run` cost estimates when maxTokens is not set. */
    expectedOutputTokens: z.number().int().min(1).optional().describe('answer length assumed by --dry-run cost estimates (default: maxTokens, else 800)'),
  })
  .strict()
  .superRefine((c, ctx) => {
    const ids = new Set<string>();
    const labels = new Map<string, string>();
    c.providers.forEach((p, i) => {
      if (ids.has(p.id)) ctx.addIssue({ code: 'custom', path: ['providers', i, 'id'], message: `duplicate provider id "${p.id}"` });
      ids.add(p.id);
      for (const m of p.models) {
        const label = typeof m === 'string' ? m : (m.label ?? m.name);
        const other = labels.get(label);
        if (other !== undefined) {
          ctx.addIssue({ code: 'custom', path: ['providers', i, 'models'], message: `model "${label}" is listed by providers "${other}" and "${p.id}": give one of them a label` });
        }
        labels.set(label, p.id);
      }
    });
  });
export type EvalConfig = z.infer<typeof configSchema>;

/** One provider as a run uses it: everything resolved, the key itself never included. */
export interface ProviderSpec {
  id: string;
  baseUrl: string;
  apiKeyEnv: string | null;
  /** `label` names the model in results; `name` is what the provider is asked for. */
  models: { label: string; name: string; price: Price | null }[];
  concurrency: number;
  rpm: number | null;
  /** Values may hold ${VAR}, expanded at send time and never stored expanded. */
  headers: Record<string, string>;
  body: Record<string, unknown>;
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
}

export class ConfigError extends Error {}

export interface LoadedConfig {
  file: string;
  config: EvalConfig;
  providers: ProviderSpec[];
  /** The suite resolved against the config's folder when it names a file there. */
  suite: string;
}

/** Reads, validates and resolves a config file. Every problem is reported with its path in the file. */
export function loadConfig(file: string): LoadedConfig {
  if (!existsSync(file)) throw new ConfigError(`no config file ${file} (write a starter with: mouthpiece init)`);
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(`${file} is not valid YAML: ${(e as Error).message}`);
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.length ? i.path.join('.') : '(top)'}: ${i.message}`);
    throw new ConfigError(`${file} has ${lines.length} problem${lines.length > 1 ? 's' : ''}:\n${lines.join('\n')}`);
  }
  const config = parsed.data;
  const local = resolve(dirname(file), config.suite);
  return { file, config, providers: config.providers.map(resolveProvider), suite: existsSync(local) ? local : config.suite };
}

function resolveProvider(p: EvalConfig['providers'][number]): ProviderSpec {
  const preset = p.preset ? PRESETS[p.preset] : null;
  return {
    id: p.id,
    baseUrl: p.baseUrl ?? preset!.baseUrl,
    apiKeyEnv: p.apiKeyEnv !== undefined ? p.apiKeyEnv : (preset?.apiKeyEnv ?? null),
    models: p.models.map((m) => (typeof m === 'string' ? { label: m, name: m, price: p.price ?? null } : { label: m.label ?? m.name, name: m.name, price: m.price ?? p.price ?? null })),
    concurrency: p.concurrency ?? preset?.concurrency ?? 4,
    rpm: p.rpm ?? null,
    headers: p.headers ?? {},
    body: { ...(preset?.body ?? {}), ...(p.body ?? {}) },
    maxTokensField: preset?.maxTokensField ?? 'max_tokens',
  };
}

/** `${VAR}` in header values, from the environment; a missing variable is an error, not an empty header. */
export function expandHeaders(headers: Record<string, string>, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name] = value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, v: string) => {
      const got = env[v];
      if (got === undefined) throw new ConfigError(`header ${name} takes \${${v}}, but ${v} is not set (export ${v}=… first)`);
      return got;
    });
  }
  return out;
}

/** Values taken from the environment into headers: masked wherever a reply or error could repeat them. */
export function headerSecrets(headers: Record<string, string>, env: NodeJS.ProcessEnv = process.env): string[] {
  const out: string[] = [];
  for (const value of Object.values(headers)) for (const m of value.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)) if (env[m[1]]) out.push(env[m[1]]!);
  return out;
}

/** The commented starter `mouthpiece init` writes. It validates as is and runs against `mouthpiece mock-provider`. */
export const STARTER_CONFIG = `# mouthpiece evaluation config. Run it with:  mouthpiece audit --config mouthpiece.yaml
# Check what it would send first:             mouthpiece audit --config mouthpiece.yaml --dry-run
# Schema (for editors): schemas/config.schema.json in the mouthpiece package.
# yaml-language-server: $schema=./node_modules/mouthpiece/schemas/config.schema.json

providers:
  # The built-in stand-in server; start it with: mouthpiece mock-provider --port 8088
  - id: local
    baseUrl: http://127.0.0.1:8088/v1
    models: [mock-echo, mock-inform]
    concurrency: 8

  # Presets fill in the URL, the key variable and each server's quirks:
  #   openai, openrouter, ollama, llama.cpp, lmstudio, vllm
  # - id: openrouter
  #   preset: openrouter            # key from $OPENROUTER_API_KEY
  #   models:
  #     - name: deepseek/deepseek-r1
  #       price: { input: 0.55, output: 2.19 }   # USD per million tokens, for --dry-run estimates
  #   concurrency: 4
  #   rpm: 60
  #   headers: { X-Title: my-evaluation }
  # - id: ollama
  #   preset: ollama                # http://127.0.0.1:11434/v1, no key
  #   models: [qwen2.5:7b]
  #   body: { top_p: 0.9 }          # extra request fields

suite: control                       # built-in: default, control; or a suite file next to this one
# topics: [tiananmen, xinjiang]      # only these topics
# tags: [history]
# limit: 20                          # at most this many prompts
languages: [en, zh]                  # en, zh, zh-Hant
samples: 1                           # answers per prompt, language and model
# system: You are a helpful assistant.
temperature: 0.7
# maxTokens: 2048
cache: true                          # re-use stored answers to identical requests (--no-cache to ask again)

# CI gate: exit 3 when a model's 95% interval lies above a limit
# maxRate: { state_echo: 0.05, refusal: 0.2 }
`;

/** schemas/config.schema.json: what a person may write in mouthpiece.yaml (fields with defaults may be left out). */
export function configJsonSchema(): Record<string, string> {
  const { $schema, ...rest } = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  return { 'config.schema.json': `${JSON.stringify({ $schema, title: 'mouthpiece evaluation config (mouthpiece.yaml)', ...rest }, null, 2)}\n` };
}

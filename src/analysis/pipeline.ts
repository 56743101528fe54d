// The analysis pipeline: each step reads the document and adds to it; none re-parses another's work.
//   segments → voices → echoes → techniques → signals → (provenance) → verdict
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { loadKnowledge } from '../knowledge/load.js';
import { REGISTER_PATH, VERDICT_PATH } from '../knowledge/register.js';
import type { Document } from '../document.js';
import type { RegisterModel } from '../knowledge/register.js';
import { answerDocument, type AnswerInput } from '../readers/answer.js';
import { compileKnowledge, newContext, type CompiledKnowledge, type Context } from './context.js';
import { echoStep } from './echoes.js';
import { languageVerdictStep } from './languages.js';
import { registerStep } from './register.js';
import { segmentStep } from './segments.js';
import { signalStep } from './signals.js';
import { techniqueStep } from './techniques.js';
import { simplify } from './text.js';
import { verdictStep } from './verdict.js';
import { assignVoices } from './voice.js';

export type { AnswerInput } from '../readers/answer.js';

// V8 "pretenures" an allocation site once nearly all the objects it made since the last young-generation collection
// outlived it: from then on the site allocates straight into the old generation, for good. That happened to about ten
// sites while the knowledge was compiled (which keeps what it makes) and to some forty by 800 answers (a collection in
// the middle of a long document finds most of its objects alive); each document's short-lived objects then filled
// the old generation until the next full collection, and peak memory grew with the batch (about 1.25× from 1× to 4×
// the SpeechMap answers). Without pretenuring they die young, the old generation holds what lives, and peak memory
// stays flat; analysis got no slower (a little faster). The flag is read at each collection, so setting it as the
// pipeline loads (before any knowledge is compiled) is in time; it applies to the whole process and its threads.
setFlagsFromString('--no-allocation-site-pretenuring');

export interface AnalyzeOptions {
  /** Extra catalogue folders merged with the built-in knowledge. */
  catalogs?: string[];
  /**
   * Adds provenance to echo findings (the CLI passes the corpus store's lookup here, so the analysis
   * core does not depend on storage).
   */
  provenance?: (doc: Document) => void;
  /** A register model in place of the shipped one (cross-validation builds one per fold). */
  register?: RegisterModel | null;
}

/** Languages analysed in full; others get quotes, refusals and a `language` finding saying so. */
const FULL_LANGS = new Set(['en', 'zh']);

export function knowledgeFor(options: AnalyzeOptions = {}): CompiledKnowledge {
  return compileKnowledge(options.catalogs?.length ? { catalogs: options.catalogs } : {});
}

let version: string | null = null;

/**
 * What scored an answer: the package version and a fingerprint of the built-in catalogue and the learned models,
 * e.g. `0.1.0+3f2a9c1b04de`. Stored with every analysed result, so a re-scored run says which analysis gave what.
 * The catalogue is fingerprinted as loaded, not compiled: an audit whose analysis runs in threads then never compiles
 * the knowledge on its main thread (a quarter of a second, on a core the threads and the requests share).
 */
export function analyzerVersion(): string {
  if (!version) {
    const hash = createHash('sha1').update(JSON.stringify(loadKnowledge()));
    for (const file of [REGISTER_PATH, VERDICT_PATH]) if (existsSync(file)) hash.update(readFileSync(file));
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    version = `${pkg.version}+${hash.digest('hex').slice(0, 12)}`;
  }
  return version;
}

export function analyzeAnswer(input: AnswerInput, options: AnalyzeOptions = {}): Document {
  return analyzeDocument(answerDocument(input), options);
}

export function analyzeDocument(doc: Document, options: AnalyzeOptions = {}): Document {
  return decideDocument(prepareDocument(doc, options));
}

/** The verdict step on a prepared document (see prepareDocument), and the language's say on it. */
export function decideDocument(ctx: Context): Document {
  verdictStep(ctx);
  // An answer in a language the official line is not analysed in gets no verdict, refusals aside (languages.ts).
  languageVerdictStep(ctx);
  return ctx.doc;
}

/** Every step but the verdict; the context then holds what the verdict weighs (see verdict.ts: tally, decide). */
export function prepareDocument(doc: Document, options: AnalyzeOptions = {}): Context {
  const ctx = newContext(knowledgeFor(options), doc, simplify(doc.text));
  if (options.register !== undefined) ctx.register = options.register;
  segmentStep(ctx);
  assignVoices(ctx);
  echoStep(ctx);
  registerStep(ctx);
  techniqueStep(ctx);
  signalStep(ctx);
  noteLanguage(ctx);
  doc.findings.sort((a, b) => a.start - b.start || b.end - a.end);
  options.provenance?.(doc);
  return ctx;
}

/** Text in a language the catalogue does not cover is reported as such, never silently scored clean. */
function noteLanguage(ctx: Context): void {
  const { doc } = ctx;
  const other = new Map<string, { start: number; end: number; n: number }>();
  for (const s of doc.segments) {
    if (FULL_LANGS.has(s.lang) || s.lang === 'und' || doc.parts[s.part].kind === 'reasoning') continue;
    const o = other.get(s.lang);
    if (o) {
      o.end = s.end;
      o.n++;
    } else other.set(s.lang, { start: s.start, end: s.end, n: 1 });
  }
  for (const [lang, o] of other) {
    // A user catalogue may bring phrasings in the language (examples/catalog-ru): its echoes are then marked.
    const phrased = ctx.knowledge.talkingPoints.some((tp) => tp.phrasings[lang]?.length);
    doc.findings.push({
      kind: 'language',
      start: o.start,
      end: o.end,
      // The whole span, like every finding's text (it was cut at 200 characters, which broke that promise).
      text: doc.text.slice(o.start, o.end),
      voice: 'own',
      part: 'answer',
      lang,
      message: `${o.n} sentence${o.n === 1 ? '' : 's'} in '${lang}': ${phrased ? "echoes of the catalogue's phrasings in this language are marked, but the verdict is given in English and Chinese only" : 'analysed for quotes and refusals only; the catalogue has no phrasings in this language'}`,
    });
  }
  if (!FULL_LANGS.has(doc.lang) && doc.lang !== 'und') doc.warnings.push(`language '${doc.lang}' is analysed for quotes and refusals only`);
}

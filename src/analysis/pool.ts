// Where batches and audits get analysed: in worker threads (one per core), or inline on the main thread.
// The analysis is synchronous and CPU-bound; threads keep HTTP replies and output flowing meanwhile.
import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { Document } from '../document.js';
import { analyzeAnswer, type AnalyzeOptions, type AnswerInput } from './pipeline.js';
import { loadKnowledge } from '../knowledge/load.js';

export interface AnalysedLine {
  /**
   * The document's JSONL line and its newline, made safe for a terminal (safeJson), in UTF-8: bytes are handed over
   * without a copy and written out as they are, where a string is copied twice and encoded by the thread that writes.
   */
  bytes: Uint8Array;
  verdict: Document['verdict'];
  /** An answer left without a verdict for its language (languages.ts). */
  notJudged?: boolean;
  noAnswer?: boolean;
}

export interface Analyzer {
  analyze(input: AnswerInput): Promise<Document>;
  /** Analyses a document a reader built (JSONL items, files). */
  analyzeDocument?(doc: Document): Promise<Document>;
  /** Analyses a document and returns its JSONL output line (and verdict) instead of the document. */
  analyzeToLine?(doc: Document): Promise<AnalysedLine>;
  /** Jobs sent and not yet answered. */
  pending?(): number;
  /**
   * Whether every thread has compiled the knowledge and takes jobs at once. Until then a job waits a few hundred
   * milliseconds in its queue: a caller that keeps its output in order can analyse on its own thread meanwhile.
   */
  ready?(): boolean;
  close(): Promise<void>;
}

/** Analysis on the calling thread, one answer per turn of the event loop. */
export function inlineAnalyzer(fn: (input: AnswerInput) => Document = analyzeAnswer): Analyzer {
  return {
    analyze: (input) => new Promise((resolve, reject) => setImmediate(() => {
      try {
        resolve(fn(input));
      } catch (e) {
        reject(e);
      }
    })),
    close: async () => {},
  };
}

/** Under tsx (tests, `npx tsx`) the worker must register the TypeScript loader before importing the .ts file. */
function spawnWorker(options: Pick<AnalyzeOptions, 'catalogs'>): Worker {
  const url = new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url);
  // The parsed catalogue travels with the thread, so workers skip reading and validating the YAML again.
  const knowledgeOptions = options.catalogs?.length ? { catalogs: options.catalogs } : {};
  const workerData = { knowledgeOptions, knowledge: loadKnowledge(knowledgeOptions) };
  if (!url.pathname.endsWith('.ts')) return new Worker(url, { workerData });
  const api = import.meta.resolve('tsx/esm/api');
  return new Worker(`import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })`, { eval: true, workerData });
}

/**
 * A pool of analysis threads; each answer goes to the thread with the fewest waiting. A thread that fails (an error
 * thrown outside an answer's analysis, or an exit) fails the answers it holds and takes no more; once none is left,
 * every answer fails at once with its error. `spawn` starts a thread (tests give threads that fail).
 */
export function workerAnalyzer(threads = 1, options: Pick<AnalyzeOptions, 'catalogs'> = {}, spawn: () => Worker = () => spawnWorker(options)): Analyzer {
  let nextId = 0;
  const waiting = new Map<number, { resolve: (value: any) => void; reject: (e: Error) => void; worker: number }>();
  const load: number[] = [];
  let ready = 0;
  let closing = false;
  let lastError: Error | undefined;
  const failed = (index: number, e: Error) => {
    if (load[index] === Infinity) return;
    load[index] = Infinity;
    lastError = e;
    for (const [id, job] of waiting) if (job.worker === index) {
      waiting.delete(id);
      job.reject(e);
    }
  };
  const workers = Array.from({ length: Math.max(1, threads) }, (_, index) => {
    const w = spawn();
    load.push(0);
    w.on('message', (m: { id: number; doc?: Document; line?: AnalysedLine; error?: string; ready?: true }) => {
      if (m.ready) {
        ready++;
        return;
      }
      const job = waiting.get(m.id);
      if (!job) return;
      waiting.delete(m.id);
      load[job.worker]--;
      if (m.doc || m.line) job.resolve(m.doc ?? m.line);
      else job.reject(new Error(m.error ?? 'analysis failed'));
    });
    w.on('error', (e) => failed(index, e));
    w.on('exit', (code) => {
      if (!closing) failed(index, new Error(`analysis thread stopped (exit code ${code})`));
    });
    return w;
  });
  const send = <T>(message: { input?: AnswerInput; doc?: Document; asLine?: boolean }) =>
    new Promise<T>((resolve, reject) => {
      const worker = load.indexOf(Math.min(...load));
      if (load[worker] === Infinity) return reject(lastError ?? new Error('analysis stopped'));
      const id = nextId++;
      load[worker]++;
      waiting.set(id, { resolve, reject, worker });
      workers[worker].postMessage({ id, ...message });
    });
  return {
    analyze: (input) => send<Document>({ input }),
    analyzeDocument: (doc) => send<Document>({ doc }),
    analyzeToLine: (doc) => send<AnalysedLine>({ doc, asLine: true }),
    pending: () => waiting.size,
    // A thread that failed makes the pool not ready for good: callers that can analyse on their own thread do.
    ready: () => ready === workers.length && !load.includes(Infinity),
    close: async () => {
      closing = true;
      for (const job of waiting.values()) job.reject(new Error('analysis stopped'));
      waiting.clear();
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/** The same answer to the same prompt is analysed once per run (samples of a model often repeat themselves). */
export function cachedAnalyzer(inner: Analyzer): Analyzer {
  const cache = new Map<string, Promise<Document>>();
  return {
    analyze: (input) => {
      const key = createHash('sha1').update(JSON.stringify([input.model, input.lang, input.prompt, input.answer, input.reasoning])).digest('hex');
      let hit = cache.get(key);
      if (!hit) {
        hit = inner.analyze(input);
        cache.set(key, hit);
        hit.catch(() => cache.delete(key));
      }
      return hit.then((doc) => ({ ...doc, id: input.id ?? doc.id, source: input.id ?? doc.source }));
    },
    close: () => inner.close(),
  };
}

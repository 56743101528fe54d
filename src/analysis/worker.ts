// One analysis thread: runs the (synchronous, CPU-bound) pipeline off the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import type { Document } from '../document.js';
import { analyzeAnswer, analyzeDocument, knowledgeFor, type AnswerInput } from './pipeline.js';
import { isNoAnswer, isNotJudged } from './languages.js';
import { toJsonLine } from '../reporters/json.js';
import { safeJson } from '../reporters/terminal-safe.js';
import { primeKnowledge, type Knowledge, type LoadOptions } from '../knowledge/load.js';


const data = workerData as { knowledgeOptions: LoadOptions; knowledge: Knowledge };
primeKnowledge(data.knowledgeOptions, data.knowledge);
const options = { catalogs: data.knowledgeOptions.catalogs ?? [] };
// The catalogue's indexes, literal sets and models are compiled before the thread says it is ready (see Analyzer.ready).
knowledgeFor(options);
parentPort!.postMessage({ ready: true });
const utf8 = new TextEncoder();

parentPort!.on('message', (message: { id: number; input?: AnswerInput; doc?: Document; asLine?: boolean }) => {
  try {
    const doc = message.doc ? analyzeDocument(message.doc, options) : analyzeAnswer(message.input!, options);
    // Batches written as JSONL get their line made here, safe for a terminal, in bytes (see AnalysedLine): far cheaper to
    // send back than the document, and the main thread, which reads and writes every answer, has less to do.
    if (message.asLine) {
      const bytes = utf8.encode(`${safeJson(toJsonLine(doc))}\n`);
      parentPort!.postMessage({ id: message.id, line: { bytes, verdict: doc.verdict, notJudged: isNotJudged(doc), noAnswer: isNoAnswer(doc) } }, [bytes.buffer]);
    } else parentPort!.postMessage({ id: message.id, doc });
  } catch (e) {
    parentPort!.postMessage({ id: message.id, error: e instanceof Error ? e.message : String(e) });
  }
});

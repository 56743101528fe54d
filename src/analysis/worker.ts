// One analysis thread: runs the (synchronous, CPU-bound) pipeline off the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import type { Document } from '../document.js';
import { analyzeAnswer, analyzeDocument, type AnswerInput } from './pipeline.js';
import { isNoAnswer, isNotJudged } from './languages.js';
import { toJsonLine } from '../reporters/json.js';
import { primeKnowledge, type Knowledge, type LoadOptions } from '../knowledge/load.js';


const data = workerData as { knowledgeOptions: LoadOptions; knowledge: Knowledge };
primeKnowledge(data.knowledgeOptions, data.knowledge);
const options = { catalogs: data.knowledgeOptions.catalogs ?? [] };

parentPort!.on('message', (message: { id: number; input?: AnswerInput; doc?: Document; asLine?: boolean }) => {
  try {
    const doc = message.doc ? analyzeDocument(message.doc, options) : analyzeAnswer(message.input!, options);
    // Batches written as JSONL get their line made here: sending a string back is far cheaper than the document.
    if (message.asLine) parentPort!.postMessage({ id: message.id, line: { text: toJsonLine(doc), verdict: doc.verdict, notJudged: isNotJudged(doc), noAnswer: isNoAnswer(doc) } });
    else parentPort!.postMessage({ id: message.id, doc });
  } catch (e) {
    parentPort!.postMessage({ id: message.id, error: e instanceof Error ? e.message : String(e) });
  }
});

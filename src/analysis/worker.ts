// One analysis thread: runs the (synchronous, CPU-bound) pipeline off the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import type { Document } from '../document.js';
import { analyzeAnswer, analyzeDocument, type AnswerInput } from './pipeline.js';

const options = { catalogs: (workerData as { catalogs?: string[] } | null)?.catalogs ?? [] };

parentPort!.on('message', (message: { id: number; input?: AnswerInput; doc?: Document }) => {
  try {
    const doc = message.doc ? analyzeDocument(message.doc, options) : analyzeAnswer(message.input!, options);
    parentPort!.postMessage({ id: message.id, doc });
  } catch (e) {
    parentPort!.postMessage({ id: message.id, error: e instanceof Error ? e.message : String(e) });
  }
});

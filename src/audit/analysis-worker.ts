// Runs the (synchronous, CPU-bound) analysis off the main thread, so HTTP replies keep flowing while answers are scored.
import { parentPort } from 'node:worker_threads';
import { analyzeAnswer, type AnswerInput } from '../analysis/pipeline.js';

parentPort!.on('message', (message: { id: number; input: AnswerInput }) => {
  try {
    parentPort!.postMessage({ id: message.id, doc: analyzeAnswer(message.input) });
  } catch (e) {
    parentPort!.postMessage({ id: message.id, error: e instanceof Error ? e.message : String(e) });
  }
});

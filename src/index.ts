// The library API: `import { analyze } from 'mouthpiece'`. Same objects as `mouthpiece analyze --format json`.
import type { Document } from './document.js';
import { analyzeAnswer, analyzeDocument, type AnalyzeOptions, type AnswerInput } from './analysis/pipeline.js';

/** Analyses one answer: a string, or `{ prompt, answer, reasoning?, model?, lang?, id? }`. */
export function analyze(input: string | AnswerInput, options: AnalyzeOptions = {}): Document {
  return analyzeAnswer(typeof input === 'string' ? { answer: input } : input, options);
}

export { analyzeAnswer, analyzeDocument, type AnalyzeOptions, type AnswerInput };
export { readDocuments, expandPaths, type ReadResult, InputError } from './readers/index.js';
export { loadKnowledge, readKnowledge, type Knowledge } from './knowledge/load.js';
export { toJson } from './reporters/json.js';
export { documentSchema } from './reporters/schema.js';
export { renderTerminal } from './reporters/terminal.js';
export { renderDocumentsReport } from './reporters/html.js';
export * from './document.js';

// The seeds through the real readers and analysis pipeline, as `mouthpiece analyze` reads them.
import type { Document } from '../../src/document.js';
import { compilePatterns } from '../../src/analysis/context.js';
import { analyzeDocument, knowledgeFor } from '../../src/analysis/pipeline.js';
import { readDocuments } from '../../src/readers/index.js';

export async function analyzeSeed(path: string): Promise<Document[]> {
  const boilerplate = (knowledgeFor().knowledge.lexicons.boilerplate ?? []).map(compilePatterns);
  const docs: Document[] = [];
  for await (const result of readDocuments(path, { boilerplate })) {
    if ('error' in result) throw new Error(`${result.source}: ${result.error}`);
    docs.push(analyzeDocument(result.doc));
  }
  return docs;
}

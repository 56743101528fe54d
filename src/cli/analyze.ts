// `mouthpiece analyze <paths…>`: reads every input, analyses it, and reports as it goes.
import { existsSync, writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import type { Document, Verdict } from '../document.js';
import { VERDICTS } from '../document.js';
import { analyzeDocument, knowledgeFor, type AnalyzeOptions } from '../analysis/pipeline.js';
import { compilePatterns } from '../analysis/context.js';
import { loadLanguageDetector } from '../analysis/text.js';
import { attachProvenance } from '../corpus/provenance.js';
import { expandPaths, INPUT_FORMATS, readDocuments, type InputFormat } from '../readers/index.js';
import { toJson, toJsonLine } from '../reporters/json.js';
import { renderTerminal } from '../reporters/terminal.js';
import { renderDocumentsReport } from '../reporters/html.js';
import { openStore } from '../storage/db.js';

interface AnalyzeCliOptions {
  format: 'text' | 'json' | 'jsonl' | 'html';
  inputFormat: InputFormat;
  catalog: string[];
  db?: string;
  out?: string;
  maxBytes: number;
  all?: boolean;
  failOn?: Verdict[];
  color?: boolean;
}

export function registerAnalyze(program: Command): void {
  program
    .command('analyze')
    .description('find where texts speak the official line in their own voice; verdicts for answers, per-voice statistics for articles')
    .argument('<paths...>', 'files or folders: chat transcripts (markdown, OpenAI JSON), JSONL batches, articles (text, HTML), SpeechMap / promptfoo outputs')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'jsonl', 'html']).default('text'))
    .addOption(new Option('--input-format <format>', 'how to read the inputs (auto detects)').choices([...INPUT_FORMATS]).default('auto'))
    .option('--catalog <path>', 'an extra catalogue folder merged with the built-in one (repeatable)', collect, [])
    .option('--db <file>', 'a corpus store: echo findings get the official statements they echo')
    .option('-o, --out <file>', 'write the report to a file (required for --format html)')
    .option('--max-bytes <n>', 'refuse single documents larger than this', (v) => Number(v), 10 * 1024 * 1024)
    .option('--all', 'text format: show every finding, speakers and evidence mentions included')
    .addOption(new Option('--fail-on <verdicts...>', 'exit with status 3 when any answer gets one of these verdicts').choices([...VERDICTS]))
    .option('--no-color', 'never colour the terminal report')
    .action(async (paths: string[], options: AnalyzeCliOptions) => {
      process.exitCode = await runAnalyze(paths, options);
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

async function runAnalyze(paths: string[], options: AnalyzeCliOptions): Promise<number> {
  if (options.format === 'html' && !options.out) throw new Error('--format html writes a file: give it with --out report.html');
  await loadLanguageDetector();
  const analyzeOptions: AnalyzeOptions = { catalogs: options.catalog };
  const compiled = knowledgeFor(analyzeOptions);
  const boilerplate = (compiled.knowledge.lexicons.boilerplate ?? []).map(compilePatterns);
  if (options.db) {
    if (!existsSync(options.db)) throw new Error(`no store at ${options.db}: build one with \`mouthpiece corpus ingest <path> --db ${options.db}\``);
    const store = openStore(options.db, [], { readonly: true });
    analyzeOptions.provenance = (doc) => attachProvenance(doc, store);
  }

  const write = (s: string) => (options.out ? buffered.push(s) : process.stdout.write(`${s}\n`));
  const buffered: string[] = [];
  const htmlDocs: Document[] = [];
  const jsonDocs: Record<string, unknown>[] = [];
  const color = options.color !== false && !options.out && !!process.stdout.isTTY && !process.env.NO_COLOR;
  let analysed = 0;
  let failed = 0;
  const verdicts = new Map<string, number>();

  for (const path of expandPaths(paths)) {
    for await (const result of readDocuments(path, { inputFormat: options.inputFormat, maxBytes: options.maxBytes, boilerplate })) {
      if ('error' in result) {
        failed++;
        process.stderr.write(`mouthpiece: ${result.error}\n`);
        continue;
      }
      const doc = analyzeDocument(result.doc, analyzeOptions);
      analysed++;
      if (doc.verdict) verdicts.set(doc.verdict, (verdicts.get(doc.verdict) ?? 0) + 1);
      if (options.format === 'jsonl') write(toJsonLine(doc));
      else if (options.format === 'json') jsonDocs.push(toJson(doc));
      else if (options.format === 'html') htmlDocs.push(doc);
      else write(`${renderTerminal(doc, { color, all: options.all })}\n`);
    }
  }

  if (options.format === 'json') write(JSON.stringify(jsonDocs.length === 1 ? jsonDocs[0] : jsonDocs, null, 2));
  if (options.format === 'html') buffered.push(renderDocumentsReport(htmlDocs, { title: `mouthpiece report: ${paths.join(', ')}` }));
  if (options.out) {
    writeFileSync(options.out, buffered.join('\n'));
    process.stderr.write(`mouthpiece: wrote ${options.out}\n`);
  }
  if (options.format === 'text' && analysed > 1) {
    const summary = [...verdicts.entries()].map(([v, n]) => `${v} ${n}`).join(' · ');
    process.stderr.write(`${analysed} document${analysed === 1 ? '' : 's'} analysed${summary ? `: ${summary}` : ''}${failed ? `; ${failed} input${failed === 1 ? '' : 's'} skipped` : ''}\n`);
  }
  if (analysed === 0) {
    process.stderr.write('mouthpiece: nothing could be analysed\n');
    return 1;
  }
  if (options.failOn?.some((v) => verdicts.has(v))) return 3;
  return 0;
}

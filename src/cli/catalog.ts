// `mouthpiece catalog lint|stats`: review the knowledge catalogue (built-in plus --catalog folders).
import type { Command } from 'commander';
import { formatLintProblem, lintKnowledge } from '../knowledge/lint.js';
import { readKnowledge, formatProblem } from '../knowledge/load.js';
import { catalogStats, formatStats } from '../knowledge/stats.js';
import { safeJson, safeText } from '../reporters/terminal-safe.js';

interface CatalogOptions {
  catalog?: string[];
  builtin: boolean;
  format: string;
}

function checkFormat(format: string): 'text' | 'json' {
  if (format !== 'text' && format !== 'json') throw new Error(`--format must be text or json, not "${format}"`);
  return format;
}

function withCatalogOptions(cmd: Command): Command {
  return cmd
    .option('--catalog <path...>', 'extra catalogue folders or files, merged over the built-in one')
    .option('--no-builtin', 'leave out the built-in catalogue (check a user catalogue alone)')
    .option('--format <format>', 'text or json', 'text');
}

export function registerCatalog(program: Command): void {
  const catalog = program.command('catalog').description('check and count the knowledge catalogue: talking points, evidence, speakers, glossary');

  withCatalogOptions(
    catalog
      .command('lint')
      .description('check schema, unique ids, provenance, evidence links, languages and too-generic phrasings; exits 0 only when all pass'),
  ).addHelpText('after', '\nExit codes: 0 no problems; 1 problems found (listed on stdout); 2 usage error.')
      .action((opts: CatalogOptions) => {
    const format = checkFormat(opts.format);
    const result = lintKnowledge({ catalogs: opts.catalog, builtin: opts.builtin });
    const { problems, counted } = result;
    if (format === 'json') {
      console.log(safeJson(JSON.stringify({ ok: problems.length === 0, counted, problems }, null, 2)));
    } else {
      for (const p of problems) console.log(safeText(formatLintProblem(p)));
      const summary = `${counted.talkingPoints} talking points, ${counted.phrasings} phrasings, ${counted.evidence} evidence, ${counted.speakers} speakers, ${counted.glossary} glossary terms`;
      console.log(problems.length ? `${problems.length} problem(s) in ${summary}` : `ok: ${summary}`);
    }
    process.exitCode = problems.length ? 1 : 0;
  });

  withCatalogOptions(catalog.command('stats').description('coverage by state, topic and language')).action((opts: CatalogOptions) => {
    const format = checkFormat(opts.format);
    const { knowledge, problems } = readKnowledge({ catalogs: opts.catalog, builtin: opts.builtin });
    // Stats still print for a catalogue with broken files, counting what loaded; lint says what is wrong.
    for (const p of problems) console.error(`warning: ${safeText(formatProblem(p))}`);
    const stats = catalogStats(knowledge);
    console.log(format === 'json' ? safeJson(JSON.stringify(stats, null, 2)) : safeText(formatStats(stats)));
  });
}

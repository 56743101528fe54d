// Coverage of a catalogue: how many talking points, evidence entries and speakers, by state, topic and language.
import type { Knowledge } from './load.js';

export interface CoverageCounts {
  talkingPoints: number;
  evidence: number;
  topics: Record<string, number>;
  /** Talking points with at least one phrasing in the language. */
  languages: Record<string, number>;
}

export interface CatalogStats extends CoverageCounts {
  speakers: number;
  glossary: number;
  /** Speakers by role (state_official, researcher…). */
  roles: Record<string, number>;
  states: Record<string, StateCoverage>;
}

export interface StateCoverage extends CoverageCounts {
  /** topic → language → talking points with phrasings in that language. */
  topicLanguages: Record<string, Record<string, number>>;
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

function emptyCoverage(): CoverageCounts {
  return { talkingPoints: 0, evidence: 0, topics: {}, languages: {} };
}

/** Sorts a count map by key so JSON output is stable across runs. */
function sorted(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

export function catalogStats(knowledge: Knowledge): CatalogStats {
  const stats: CatalogStats = {
    ...emptyCoverage(),
    speakers: knowledge.speakers.length,
    glossary: knowledge.glossary.length,
    roles: {},
    states: {},
  };
  const stateOf = (state: string) => (stats.states[state] ??= { ...emptyCoverage(), topicLanguages: {} });

  for (const tp of knowledge.talkingPoints) {
    const perState = stateOf(tp.state);
    for (const target of [stats, perState]) {
      target.talkingPoints++;
      bump(target.topics, tp.topic);
      for (const [lang, list] of Object.entries(tp.phrasings)) if (list.length) bump(target.languages, lang);
    }
    const topicLangs = (perState.topicLanguages[tp.topic] ??= {});
    for (const [lang, list] of Object.entries(tp.phrasings)) if (list.length) bump(topicLangs, lang);
  }
  for (const ev of knowledge.evidence) {
    stats.evidence++;
    stateOf(ev.state).evidence++;
  }
  for (const sp of knowledge.speakers) bump(stats.roles, sp.role);

  stats.topics = sorted(stats.topics);
  stats.languages = sorted(stats.languages);
  stats.roles = sorted(stats.roles);
  for (const s of Object.values(stats.states)) {
    s.topics = sorted(s.topics);
    s.languages = sorted(s.languages);
  }
  stats.states = Object.fromEntries(Object.entries(stats.states).sort(([a], [b]) => a.localeCompare(b)));
  return stats;
}

/** A plain-text table a person can read: totals, then per state one row per topic with counts per language. */
export function formatStats(stats: CatalogStats): string {
  const lines: string[] = [];
  lines.push(
    `talking points ${stats.talkingPoints} · evidence ${stats.evidence} · speakers ${stats.speakers} · glossary terms ${stats.glossary}`,
  );
  lines.push(`speakers by role: ${Object.entries(stats.roles).map(([r, n]) => `${r} ${n}`).join(', ') || 'none'}`);
  for (const [state, s] of Object.entries(stats.states)) {
    const langs = Object.keys(s.languages);
    const header = ['topic', 'points', ...langs];
    const rows: string[][] = [];
    for (const topic of Object.keys(s.topics)) {
      rows.push([topic, String(s.topics[topic]), ...langs.map((l) => String(s.topicLanguages[topic]?.[l] ?? 0))]);
    }
    lines.push('');
    lines.push(`${state}: ${s.talkingPoints} talking points, ${s.evidence} evidence entries, ${Object.keys(s.topics).length} topics`);
    rows.push(['all', String(s.talkingPoints), ...langs.map((l) => String(s.languages[l]))]);
    lines.push(...table(header, rows));
  }
  return lines.join('\n');
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

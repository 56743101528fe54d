// The gazetteer index: finds mentions of known speakers and guesses the role of unknown ones from
// title words ("a Beijing-based diplomat", "researchers", "外交部发言人").
import type { Role, Speaker } from '../document.js';
import type { Knowledge } from './load.js';
import { escapeRegExp } from './match.js';

export interface SpeakerMention {
  start: number;
  end: number;
  speaker: Speaker;
  /** True for mentions of a state or government as a whole ("Beijing", "中方"), not a person. */
  collective: boolean;
}

export interface SpeakerIndex {
  /** Known names and aliases, longest first. */
  names: RegExp;
  byName: Map<string, { speaker: Speaker; collective: boolean }>;
  roleCues: { role: Role; re: RegExp }[];
  /** Any role cue, to find title-only speakers ("the spokesperson", "activists"). */
  anyCue: RegExp;
}

/** Lower-case cue words also match capitalised at the start of a sentence ("Activists say…"). */
const withCapital = (cues: string[]) => cues.flatMap((c) => (/^\p{Ll}/u.test(c) ? [c, c[0].toUpperCase() + c.slice(1)] : [c]));

const bounded = (s: string) => (/^\p{Script=Han}/u.test(s) ? escapeRegExp(s) : `(?<![\\p{L}\\p{N}])${escapeRegExp(s)}(?![\\p{L}\\p{N}])`);

export function buildSpeakerIndex(k: Pick<Knowledge, 'speakers' | 'roleCues'>): SpeakerIndex {
  const byName = new Map<string, { speaker: Speaker; collective: boolean }>();
  for (const s of k.speakers) {
    const speaker: Speaker = { name: s.name, role: s.role, id: s.id };
    const collective = s.kind === 'government' || s.kind === 'organisation' || s.kind === 'outlet';
    for (const n of [s.name, ...s.aliases, ...Object.values(s.names).flat()]) {
      if (!byName.has(n)) byName.set(n, { speaker, collective });
    }
  }
  const names = [...byName.keys()].sort((a, b) => b.length - a.length);
  const roleCues = k.roleCues.map((r) => ({
    role: r.role,
    re: new RegExp(withCapital(Object.values(r.cues).flat()).sort((a, b) => b.length - a.length).map(bounded).join('|'), 'u'),
  }));
  const allCues = withCapital(k.roleCues.flatMap((r) => Object.values(r.cues).flat())).sort((a, b) => b.length - a.length);
  return {
    names: new RegExp(names.map(bounded).join('|') || '(?!)', 'gu'),
    byName,
    roleCues,
    anyCue: new RegExp(allCues.map(bounded).join('|') || '(?!)', 'gu'),
  };
}

/** Known speakers mentioned in text[from, to). */
export function findSpeakerMentions(index: SpeakerIndex, text: string, from: number, to: number): SpeakerMention[] {
  const out: SpeakerMention[] = [];
  const slice = text.slice(from, to);
  index.names.lastIndex = 0;
  for (const m of slice.matchAll(index.names)) {
    const hit = index.byName.get(m[0]);
    if (!hit) continue;
    out.push({ start: from + m.index!, end: from + m.index! + m[0].length, speaker: hit.speaker, collective: hit.collective });
  }
  return out;
}

/** The role a phrase's title words point to, or undefined. Order in the data decides ties. */
export function roleFromCues(index: SpeakerIndex, phrase: string): Role | undefined {
  for (const { role, re } of index.roleCues) if (re.test(phrase)) return role;
  return undefined;
}

/** Title-only mentions ("the spokesperson", "Activists", "知情人士") in text[from, to). */
export function findCueMentions(index: SpeakerIndex, text: string, from: number, to: number): SpeakerMention[] {
  const out: SpeakerMention[] = [];
  index.anyCue.lastIndex = 0;
  for (const m of text.slice(from, to).matchAll(index.anyCue)) {
    const role = roleFromCues(index, m[0]);
    if (!role) continue;
    out.push({ start: from + m.index!, end: from + m.index! + m[0].length, speaker: { name: m[0], role }, collective: true });
  }
  return out;
}

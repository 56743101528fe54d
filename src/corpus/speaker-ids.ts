// One person across languages: the speakers gazetteer's id for a stored name (耿爽 and Geng Shuang are
// geng-shuang). Stored per statement at ingest; looked up from the name where a store has no id yet.
import { loadKnowledge } from '../knowledge/load.js';
import { speakerIdentities } from '../knowledge/speakers.js';
import type { Sql } from '../storage/sql.js';

export type SpeakerIdentity = { id: string; name: string };

/** The gazetteer's names, read once per process (an unreadable catalogue: no names, the speakers as stored). */
let identities: Map<string, SpeakerIdentity> | undefined;
export function speakerGazetteer(): Map<string, SpeakerIdentity> {
  if (!identities) {
    try {
      identities = speakerIdentities(loadKnowledge());
    } catch {
      identities = new Map();
    }
  }
  return identities;
}

/** The gazetteer's id for a name as published, or null for a name it does not know. */
export function speakerIdOf(name: string | null): string | null {
  return (name && speakerGazetteer().get(name.trim())?.id) || null;
}

/** Whether the store has the speaker_id column: a store opened read-only is not migrated and may predate it. */
export async function hasSpeakerIds(sql: Sql): Promise<boolean> {
  const query =
    sql.engine === 'postgres'
      ? "SELECT 1 AS x FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'corpus_statements' AND column_name = 'speaker_id'"
      : "SELECT 1 AS x FROM pragma_table_info('corpus_statements') WHERE name = 'speaker_id'";
  return !!(await sql.get(query));
}

/**
 * Gives every statement whose speaker the gazetteer knows that person's id, in whatever language the name was
 * stored — the statements just added and any stored before the column existed. Unknown names keep NULL.
 */
export async function assignSpeakerIds(sql: Sql): Promise<void> {
  const names = await sql.all<{ speaker: string }>('SELECT DISTINCT speaker FROM corpus_statements WHERE speaker IS NOT NULL AND speaker_id IS NULL');
  const known = names.map(({ speaker }) => [speakerIdOf(speaker), speaker] as const).filter(([id]) => id);
  if (!known.length) return;
  await sql.tx(async (t) => {
    for (const [id, speaker] of known) await t.run('UPDATE corpus_statements SET speaker_id = ? WHERE speaker = ? AND speaker_id IS NULL', [id, speaker]);
  });
}

// One person across languages: the speakers gazetteer's id for a stored name (耿爽 and Geng Shuang are
// geng-shuang). Stored per statement at ingest; looked up from the name where a store has no id yet.
import { loadKnowledge } from '../knowledge/load.js';
import { speakerIdentities } from '../knowledge/speakers.js';
import type { Store } from '../storage/db.js';

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
export function hasSpeakerIds(store: Store): boolean {
  return !!store.prepare("SELECT 1 FROM pragma_table_info('corpus_statements') WHERE name = 'speaker_id'").get();
}

/**
 * Gives every statement whose speaker the gazetteer knows that person's id, in whatever language the name was
 * stored — the statements just added and any stored before the column existed. Unknown names keep NULL.
 */
export function assignSpeakerIds(store: Store): void {
  const names = store.prepare('SELECT DISTINCT speaker FROM corpus_statements WHERE speaker IS NOT NULL AND speaker_id IS NULL').all() as { speaker: string }[];
  const update = store.prepare('UPDATE corpus_statements SET speaker_id = ? WHERE speaker = ? AND speaker_id IS NULL');
  store.transaction(() => {
    for (const { speaker } of names) {
      const id = speakerIdOf(speaker);
      if (id) update.run(id, speaker);
    }
  })();
}

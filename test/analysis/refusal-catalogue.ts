// A user catalogue that adds refusal patterns in languages the official line is not analysed in, so that tests
// of "a refusal is still a refusal" do not depend on which languages the built-in lexicon covers.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadKnowledge } from '../../src/knowledge/load.js';

/** The built-in refusal patterns plus refusals in the other languages, as a user catalogue would add them. */
export function catalogueWithRefusals(): string {
  const refusal = loadKnowledge().lexicons.signals!.find((e) => e.id === 'refusal')!;
  const dir = mkdtempSync(join(tmpdir(), 'mouthpiece-lang-'));
  const patterns = {
    ...refusal.patterns,
    fi: ['en voi (vastata|auttaa|keskustella)', 'valitettavasti en'],
    ru: ['я не могу (ответить|помочь|обсуждать)', 'к сожалению, я не'],
    es: ['no puedo (responder|ayudar|hablar)', 'lo siento, pero no'],
    fr: ['je ne peux pas (répondre|aider|parler)', 'désolé'],
    de: ['ich kann (diese frage )?(leider )?nicht', 'es tut mir leid'],
    ja: ['お答えできません', '申し訳ありません'],
    ko: ['답변할 수 없습니다', '죄송하지만'],
    vi: ['tôi không thể (trả lời|giúp)', 'xin lỗi'],
    ar: ['لا أستطيع الإجابة', 'عذرًا'],
  };
  writeFileSync(join(dir, 'refusals.yaml'), stringify({ lexicon: 'signals', entries: [{ ...refusal, patterns }] }));
  return dir;
}


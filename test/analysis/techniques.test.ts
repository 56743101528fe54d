import type { Document } from '../../src/document.js';
import { ruleTester } from './tester.js';

const techniques = (doc: Document) => doc.findings.filter((f) => f.kind === 'technique');

ruleTester('techniques (SemEval-2023 names), tagged with their voice', techniques, {
  valid: [
    { name: 'en neutral history', text: 'The Qing dynasty incorporated the region in the eighteenth century. It became a province in 1884.' },
    { name: 'en neutral reporting of a study', text: 'A 2020 study estimated that birth rates in two prefectures fell by more than half between 2015 and 2018.' },
    { name: 'zh neutral', text: '乌鲁木齐是新疆维吾尔自治区的首府，人口约四百万。' },
  ],
  invalid: [
    {
      name: 'en whataboutism inside a quotation is the speaker\'s',
      kind: 'article',
      text: '"The practices in China do not differ from those in the United Kingdom, France and the United States," Hua Chunying told reporters.',
      findings: [{ technique: 'whataboutism', voice: 'quoted', speaker: 'Hua Chunying' }],
    },
    {
      name: 'en name calling in own voice',
      text: 'These reports are spread by anti-China forces and separatists.',
      findings: [{ technique: 'name_calling', voice: 'own', covers: 'anti-China forces' }],
    },
    {
      name: 'en "so-called" before scare quotes is the author\'s own doubt, not a label someone else gave',
      text: 'The so-called "human rights allegations" in Xinjiang are groundless and are deliberate distortions.',
      findings: [{ technique: 'doubt', voice: 'own', covers: 'so-called' }],
    },
    {
      name: 'en doubt and loaded language',
      text: 'The so-called evidence is a vicious smear campaign.',
      findings: [
        { technique: 'doubt', voice: 'own' },
        { technique: 'loaded_language', voice: 'own' },
      ],
    },
    { name: 'en thought-terminating cliché', text: 'Facts speak louder than words.', findings: [{ technique: 'thought_terminating_cliche' }] },
    { name: 'en flag waving', text: 'China will firmly safeguard its national sovereignty and territorial integrity.', findings: [{ technique: 'flag_waving', voice: 'own' }] },
    {
      name: 'zh whataboutism and doubt',
      text: '美国自己的人权问题堆积如山，却对新疆说三道四，所谓的指控毫无根据。',
      findings: [
        { technique: 'whataboutism', voice: 'own' },
        { technique: 'doubt', voice: 'own' },
      ],
    },
    { name: 'zh name calling in a quotation', kind: 'article', text: '发言人表示：“这是反华势力的又一次表演。”', findings: [{ technique: 'name_calling', voice: 'quoted' }] },
    { name: 'zh slogan', text: '中国始终致力于构建人类命运共同体。', findings: [{ technique: 'slogans' }] },
  ],
});

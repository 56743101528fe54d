// `npm run eval [area…]` and `npm run bench [area…]`: run every eval/<area>.eval.ts or
// bench/<area>.bench.ts (or the named ones), each exporting `run()`, and print their figures.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [kind, ...wanted] = process.argv.slice(2);
if (kind !== 'eval' && kind !== 'bench') {
  console.error('usage: tsx tools/run-areas.ts eval|bench [area…]');
  process.exit(2);
}
const dir = fileURLToPath(new URL(`../${kind}/`, import.meta.url));
const suffix = `.${kind}.ts`;
const areas = readdirSync(dir)
  .filter((f) => f.endsWith(suffix))
  .map((f) => f.slice(0, -suffix.length))
  .filter((a) => wanted.length === 0 || wanted.includes(a));
if (wanted.length && areas.length < wanted.length) {
  console.error(`unknown ${kind} area: ${wanted.filter((w) => !areas.includes(w)).join(', ')}`);
  process.exit(2);
}
for (const area of areas) {
  console.log(`\n=== ${kind}: ${area} ===`);
  const mod = (await import(`${dir}${area}${suffix}`)) as { run: () => Promise<void> };
  await mod.run();
}

// `npm run bench [area…]`: runs every benchmark in bench/ (or the named ones) and prints its figures.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const wanted = process.argv.slice(2);
const areas = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.eval\.ts$/, ''))
  .filter((a) => wanted.length === 0 || wanted.includes(a));

for (const area of areas) {
  console.log(`\n=== bench: ${area} ===`);
  const mod = (await import(`./${area}.bench.ts`)) as { run: () => Promise<void> };
  await mod.run();
}

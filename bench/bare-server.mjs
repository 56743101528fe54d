// The web bench's baseline: a bare node:http server that answers each path with a fixed body, read from the JSON
// file named on the command line ({ "/path": "body", … }). Under the same load it shows what this machine and the
// load tool allow for responses of that size, so the dashboard's figures can be read against it.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const bodies = new Map(Object.entries(JSON.parse(readFileSync(process.argv[2], 'utf8'))).map(([path, body]) => [path, Buffer.from(body)]));
const server = createServer((req, res) => {
  const body = bodies.get(req.url ?? '');
  if (!body) return void res.writeHead(404).end();
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length }).end(body);
});
server.listen(0, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${server.address().port}/`));
process.once('SIGTERM', () => server.close(() => process.exit(0)));

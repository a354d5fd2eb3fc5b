// Reference row for `npm run bench:gateway`: the least any Node gateway must do — node:http in,
// JSON parsed and re-serialised, node:http out on a keep-alive agent, the JSON relayed back. No
// auth, limits, logs or records. It shows what this machine allows a Node process in the same run,
// so Churnistic's and Portkey's figures can be read against a floor rather than against the fake.
//   node --import tsx scripts/bench/gateway-floor.ts <port> <upstream root>
import http from 'node:http';

const [portText, upstreamRoot] = process.argv.slice(2);
const upstream = new URL(`${upstreamRoot}/v1/chat/completions`);
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function readAll(stream: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

function send(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const server = http.createServer(async (req, res) => {
  if (req.method !== 'POST') return send(res, 200, '{"status":"ok"}'); // readiness probe
  try {
    const body = JSON.stringify(JSON.parse((await readAll(req)).toString()));
    const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const up = http.request(upstream, {
        method: 'POST', agent,
        headers: { 'content-type': 'application/json', authorization: req.headers.authorization ?? '', 'content-length': Buffer.byteLength(body) },
      }, (ur) => { readAll(ur).then((b) => resolve({ status: ur.statusCode ?? 502, text: b.toString() }), reject); });
      up.on('error', reject);
      up.end(body);
    });
    send(res, answer.status, JSON.stringify(JSON.parse(answer.text)));
  } catch (err) {
    send(res, 502, JSON.stringify({ error: { message: (err as Error).message } }));
  }
});
server.listen(Number(portText), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));

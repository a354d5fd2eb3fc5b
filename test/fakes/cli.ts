/**
 * `npm run fake-llm [-- --port N] [--api-key KEY]`: run the fake LLM upstream by hand, e.g. to
 * point a local Churnistic server at it. Stays up until Ctrl-C.
 */
import { startFakeUpstream } from './fake-upstream';

function flag(name: string): string | undefined {
  const args = process.argv.slice(2);
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  return args.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
}

async function main(): Promise<void> {
  const portText = flag('--port') ?? '0';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`fake-llm: --port must be an integer 0-65535, got "${portText}"`);
    process.exit(2);
  }
  const apiKey = flag('--api-key');
  const fake = await startFakeUpstream({ port, host: flag('--host') ?? '127.0.0.1', apiKey });
  console.log(`Fake LLM upstream listening on ${fake.url}`);
  console.log('');
  console.log('Point the Churnistic server at it:');
  console.log(`  GROQ_BASE_URL=${fake.url} GROQ_API_KEY=${apiKey ?? 'anything'} npm run server`);
  console.log(`OpenAI-compatible clients: base URL ${fake.url}/v1`);
  console.log('');
  console.log('Answers "Echo: <last user message>" unless scripted:');
  console.log(`  curl -s -X POST ${fake.url}/__fake/script -d '{"text":"Hello there","chunkDelayMs":100}'`);
  console.log(`  curl -s -X POST ${fake.url}/__fake/script -d '{"status":429,"retryAfter":2}'`);
  console.log(`  curl -s ${fake.url}/__fake/state     # requests received, disconnects`);
  console.log(`  curl -s -X POST ${fake.url}/__fake/reset`);
  console.log('Or inline in a prompt: [[fake:{"fault":"drop","dropAfterChunks":1}]]');
  console.log('Ctrl-C to stop.');

  const stop = (): void => {
    void fake.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(`fake-llm: ${(err as Error).message}`);
  process.exit(1);
});

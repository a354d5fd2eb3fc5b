/** Shared set-up of the fake upstream's own tests: a fresh fake and both official clients. */
import assert from 'node:assert/strict';
import Groq from 'groq-sdk';
import OpenAI from 'openai';
import { startFakeUpstream, type FakeUpstream } from '../fakes/fake-upstream';

export const MODEL = 'llama-3.3-70b-versatile';
export const ask = (content: string) => [{ role: 'user' as const, content }];

export interface FakeWithClients { fake: FakeUpstream; openai: OpenAI; groq: Groq }

export async function fakeWithClients(): Promise<FakeWithClients> {
  const fake = await startFakeUpstream();
  return {
    fake,
    openai: new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: 'sk-test', maxRetries: 0 }),
    groq: new Groq({ baseURL: fake.url, apiKey: 'gsk-test', maxRetries: 0 }),
  };
}

/** Each test gets a fresh fake and clients (handed to `set`); the fake is closed after it. */
export function useFakeWithClients(set: (fx: FakeWithClients) => void): void {
  let current: FakeWithClients | undefined;
  beforeEach(async function () {
    current = await fakeWithClients();
    set(current);
  });
  afterEach(async function () {
    await current?.fake.close();
  });
}

/** Resolves to the rejection of `p` (fails the test if it resolves). */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  assert.fail('expected a rejection');
}

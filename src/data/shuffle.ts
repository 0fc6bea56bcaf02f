// A shuffle buffer: holds up to `bufferSize` items and emits a random one each
// time a new one arrives, so memory stays bounded while a stream is mixed
// (a buffer as large as the data is a full shuffle). Seeded: the same seed and
// input give the same order.

import type { Random } from './random.js';

export async function* shuffleBuffer<T>(items: AsyncIterable<T>, bufferSize: number, rng: Random): AsyncGenerator<T> {
  const size = Math.max(1, Math.floor(bufferSize));
  const buffer: T[] = [];
  for await (const item of items) {
    if (buffer.length < size) {
      buffer.push(item);
      continue;
    }
    const j = rng.int(size);
    const out = buffer[j];
    buffer[j] = item;
    yield out;
  }
  rng.shuffle(buffer);
  yield* buffer;
}

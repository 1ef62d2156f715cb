import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createThreadedSsdDetector } from '../../src/detect/threaded-ssd.js';
import { resolveOptions } from '../../src/options.js';
import { resolveRuntime } from '../../src/runtime/resolve-runtime.js';
import type { RawImage } from '../../src/types.js';

test("an error in the detector thread arrives with its cause, the thread's own stack", async () => {
  const detector = await createThreadedSsdDetector(resolveRuntime(resolveOptions()), {
    minConfidence: 0.5,
    largest: false,
  });
  try {
    const broken = { width: 10, height: 10, channels: 3, data: null } as unknown as RawImage;
    const error = await detector.detect(broken).then(
      () => null,
      (e: unknown) => e as Error,
    );
    assert.ok(error instanceof Error, 'the detection fails');
    assert.match(error.message, /^Cannot read properties of null/, 'a one-line message, not a stack');
    assert.match(
      String((error.cause as Error)?.stack),
      /TypeError: Cannot read properties of null[^]*ssd-input/,
      'the cause keeps where it failed in the thread',
    );
  } finally {
    detector.dispose();
  }
});

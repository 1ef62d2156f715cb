import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { createRecognizer } from '../../src/index.js';
import { FerError } from '../../src/errors.js';
import { assertTfjsInstalled, TFJS_PACKAGES } from '../../src/runtime/tfjs.js';
import { ASTRONAUT } from '../helpers/fixtures.js';

const require = createRequire(import.meta.url);

/** A resolver that finds every module except those of the named package. */
function resolverWithout(absent: string): (id: string) => string {
  return (id) => {
    if (id.startsWith(`${absent}/`))
      throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' });
    return require.resolve(id);
  };
}

for (const absent of TFJS_PACKAGES) {
  test(`--engine tfjs without ${absent} is ENGINE_UNAVAILABLE naming the install command`, () => {
    assert.throws(
      () => assertTfjsInstalled(resolverWithout(absent)),
      (e: unknown) => {
        assert.ok(e instanceof FerError);
        assert.equal(e.code, 'ENGINE_UNAVAILABLE');
        assert.ok(e.message.includes(`needs ${absent}, `), e.message);
        assert.match(e.hint, /npm i @tensorflow\/tfjs@4 @tensorflow\/tfjs-backend-wasm@4/);
        return true;
      },
    );
  });
}

test('the tfjs packages of the development install are found', () => {
  assert.doesNotThrow(() => assertTfjsInstalled());
});

test("the default engine recognises a face without loading tfjs or face-api's code", async () => {
  const fer = await createRecognizer();
  try {
    const { faces } = await fer.recognize(ASTRONAUT);
    assert.equal(faces.length, 1);
  } finally {
    await fer.dispose();
  }
  const loaded = Object.keys(require.cache).filter((p) => /[\\/]@tensorflow[\\/]|[\\/]face-api[\\/]dist[\\/]/.test(p));
  assert.deepEqual(loaded, []);
});

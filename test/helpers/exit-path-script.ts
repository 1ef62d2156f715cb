import { createRecognizer } from '../../src/index.js';
import { ASTRONAUT } from './fixtures.js';

/**
 * A library user's script that ends while a recognizer is open and its detector busy (argv: path, model
 * folder); each path must end as Node ends any script, never with a native abort (exit 134).
 */
const [path, modelDir] = process.argv.slice(2);
const fer = await createRecognizer({ modelDir });
const busy = fer.recognize(ASTRONAUT); // the detector thread is inside ONNX Runtime while the script ends
if (path === 'uncaught-error')
  await fer.recognize('no-such-file.png'); // rejects: uncaught, exit 1
else if (path === 'unhandled-rejection')
  void Promise.reject(new Error('nobody catches this')); // exit 1
else if (path === 'throw')
  throw new Error('a plain throw while a recognizer is open'); // exit 1
else if (path === 'exit') process.exit(0);
else if (path === 'no-dispose')
  process.stdout.write(`faces ${(await busy).faces.length}\n`); // ends with the loop, exit 0
else throw new Error(`unknown path ${path}`);

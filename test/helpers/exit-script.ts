import { createRecognizer } from '../../src/index.js';
import { ASTRONAUT } from './fixtures.js';

/** A library user's script (argv: model folder): recognise one image, dispose, exit at once. */
const fer = await createRecognizer({ modelDir: process.argv[2] });
const result = await fer.recognize(ASTRONAUT);
await fer.dispose();
process.stdout.write(`faces ${result.faces.length}\n`);
process.exit(0);

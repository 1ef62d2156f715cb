import assert from 'node:assert/strict';
import { copyFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { getQueueStatus } from '../../src/queue/index.js';
import { ASTRONAUT, tempDir } from '../helpers/fixtures.js';
import { REDIS_MISSING, startRedis } from '../helpers/redis-server.js';
import { fer } from '../helpers/run-cli.js';
import { convertImage, faceClip } from '../helpers/videos.js';

const redis = await startRedis();
const skip = REDIS_MISSING ?? false;
after(() => redis?.stop());

/** `fer queue add ARGS` on this test's Redis and the given queue. */
function add(queue: string, ...args: string[]): ReturnType<typeof fer> {
  return fer('queue', 'add', ...args, '--redis', redis!.url, '--queue', queue);
}

test(
  'separate adds that would write the same result names into one folder are refused, naming both',
  { skip },
  async () => {
    const out = tempDir();
    const png = join(tempDir(), 'a.png');
    copyFileSync(ASTRONAUT, png);
    const jpg = convertImage(ASTRONAUT, 'a.jpg');
    const first = await add('names', png, '-o', out);
    assert.equal(first.code, 0, first.err);
    const second = await add('names', jpg, '-o', out);
    assert.equal(second.code, 2, second.err);
    assert.match(
      second.err,
      new RegExp(
        `^fer: ${jpg} would write a_fer\\.png, a_fer\\.csv, a_fer\\.json in ${out} over the results of job fer-\\w+ \\(${png}\\) in queue names\\n {2}hint: queue it with another -o folder`,
      ),
    );
    const elsewhere = await add('names', jpg, '-o', join(out, 'jpg'));
    assert.equal(elsewhere.code, 0, elsewhere.err);
    assert.equal(
      (await getQueueStatus({ connection: redis!.url, queue: 'names' })).counts.waiting,
      2,
      'only the refused add added nothing',
    );
  },
);

test(
  'the same video added again with other options into the same folder is refused; a newer version of it is not',
  { skip },
  async () => {
    const out = tempDir();
    const clip = faceClip(1, 5, tempDir());
    assert.equal((await add('options', clip, '-o', out, '-f', '2')).code, 0);
    const other = await add('options', clip, '-o', out, '-f', '5');
    assert.equal(other.code, 2, other.err);
    assert.match(
      other.err,
      new RegExp(
        `^fer: ${clip} would write face-1s_fer\\.csv, face-1s_fer\\.jsonl, face-1s_fer\\.mp4 in ${out} over the results of job fer-\\w+ \\(${clip} with other options\\)`,
      ),
    );
    utimesSync(clip, new Date(), new Date(Date.now() + 5000));
    const newer = await add('options', clip, '-o', out, '-f', '2');
    assert.equal(newer.code, 0, newer.err);
    assert.match(newer.out, /^added 1 job to queue options/);
  },
);

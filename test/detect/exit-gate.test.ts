import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { closeGate, createExitGate, enterGate, holdExitFor, leaveGate } from '../../src/detect/exit-gate.js';

test('closeGate returns only once the native call in progress has returned, and no call starts after it', async () => {
  const gate = createExitGate();
  leaveGate(gate); // the thread's session is open
  const done = new Int32Array(new SharedArrayBuffer(4));
  const gateModule = new URL('../../src/detect/exit-gate.js', import.meta.url).href;
  const worker = new Worker(
    `
    const { workerData: { gate, done }, parentPort } = require('node:worker_threads');
    import(${JSON.stringify(gateModule)}).then(({ enterGate, leaveGate }) => {
      enterGate(gate);
      parentPort.postMessage('inside');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300); // stands for a call into ONNX Runtime
      Atomics.store(done, 0, 1);
      leaveGate(gate);
    });
  `,
    { eval: true, workerData: { gate, done } },
  );
  await new Promise((r) => worker.once('message', r));
  closeGate(gate);
  assert.equal(Atomics.load(done, 0), 1, 'the call had returned when closeGate returned');
  assert.equal(enterGate(gate), false, 'no native call may start once the gate is closed');
  await new Promise((r) => worker.once('exit', r));
});

test('one exit listener serves every held gate, and it is removed with the last', () => {
  const before = process.listenerCount('exit');
  const releases = Array.from({ length: 12 }, () => holdExitFor(createExitGate()));
  assert.equal(process.listenerCount('exit'), before + 1);
  for (const release of releases) release();
  assert.equal(process.listenerCount('exit'), before);
});

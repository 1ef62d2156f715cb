import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classMap, mapProbabilities, vote } from '../../src/esr9/ensemble.js';

test('plurality vote takes the class with most branch votes', () => {
  const r = vote([
    [0.7, 0.2, 0.1],
    [0.6, 0.3, 0.1],
    [0.1, 0.8, 0.1],
  ]);
  assert.equal(r.winner, 0);
  assert.deepEqual(r.votes, [2, 1, 0]);
});

test('ties go to the tied class with the highest mean probability', () => {
  const r = vote([
    [0.51, 0.49],
    [0.05, 0.95],
  ]);
  assert.deepEqual(r.votes, [1, 1]);
  assert.equal(r.winner, 1);
  const s = vote([
    [0.95, 0.05],
    [0.49, 0.51],
  ]);
  assert.equal(s.winner, 0);
});

test('7 classes drop contempt and renormalise; 6 merge anger and disgust', () => {
  const logits = [0, 1, 0, 0, 0, 2, 2, 5];
  const eight = mapProbabilities(logits, classMap(8));
  assert.equal(eight.indexOf(Math.max(...eight)), 7);
  const seven = mapProbabilities(logits, classMap(7));
  assert.equal(seven.length, 7);
  assert.ok(Math.abs(seven.reduce((a, b) => a + b) - 1) < 1e-9);
  const six = mapProbabilities(logits, classMap(6));
  assert.deepEqual(classMap(6).labels, ['Neutral', 'Happy', 'Sad', 'Surprise', 'Fear', 'Anger/Disgust']);
  assert.ok(Math.abs(six[5] - (seven[5] + seven[6])) < 1e-9);
});

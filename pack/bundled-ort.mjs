#!/usr/bin/env node
// prepack/postpack step: fer's tarball bundles onnxruntime-node, without its postinstall.
//
// onnxruntime-node's postinstall (node ./script/install) downloads the CUDA provider from api.nuget.org on
// linux-x64, so installing fer from the npm registry alone would fail; a dependency cannot set the
// onnxruntime-node-install=skip flag for its consumers. The CPU and WebGPU providers are inside the npm
// package, so the bundled copy drops the hook and keeps script/install.js for CUDA users to run by hand
// (README, GPU).
//
// `strip` (prepack) adds "bundleDependencies": ["onnxruntime-node"] to package.json and removes the hook from
// node_modules/onnxruntime-node/package.json, keeping the original beside node_modules; `restore` (postpack)
// undoes both. bundleDependencies is added only while packing because npm 11 treats the root project's own
// bundled dependencies as bundled: their install scripts run and its allowScripts cannot deny them, so with
// the field committed, `npm ci` in a clone would run the download again.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const rootManifest = join(root, 'package.json');
const manifest = join(root, 'node_modules', 'onnxruntime-node', 'package.json');
const backup = join(root, 'node_modules', '.fer-pack', 'onnxruntime-node.package.json');
const BUNDLED = ['onnxruntime-node'];

/** Read a package.json as an object. */
function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** Write an object as a package.json (two-space indent and a final newline, as npm writes it). */
function writeJson(path, value) {
  writeFileSync(path, JSON.stringify(value, null, 2) + '\n');
}

/** Bundle onnxruntime-node: list it in package.json and write its copy without install-time lifecycle scripts. */
function strip() {
  if (!existsSync(manifest)) throw new Error(`${manifest} is missing: run npm ci first`);
  const pkg = readJson(rootManifest);
  if (pkg.bundleDependencies && JSON.stringify(pkg.bundleDependencies) !== JSON.stringify(BUNDLED)) {
    throw new Error(`package.json already has bundleDependencies ${JSON.stringify(pkg.bundleDependencies)}`);
  }
  writeJson(rootManifest, { ...pkg, bundleDependencies: BUNDLED });
  if (!existsSync(backup)) {
    mkdirSync(dirname(backup), { recursive: true });
    writeFileSync(backup, readFileSync(manifest));
  }
  const ort = JSON.parse(readFileSync(backup, 'utf8'));
  for (const hook of ['preinstall', 'install', 'postinstall']) delete ort.scripts?.[hook];
  writeJson(manifest, ort);
}

/** Undo strip: drop bundleDependencies from package.json and put onnxruntime-node's package.json back. */
function restore() {
  const pkg = readJson(rootManifest);
  if (JSON.stringify(pkg.bundleDependencies) === JSON.stringify(BUNDLED)) {
    delete pkg.bundleDependencies;
    writeJson(rootManifest, pkg);
  }
  if (existsSync(backup)) renameSync(backup, manifest);
  rmSync(dirname(backup), { recursive: true, force: true });
}

const steps = { strip, restore };
const step = steps[process.argv[2]];
if (!step) {
  console.error('usage: node pack/bundled-ort.mjs strip|restore');
  process.exit(2);
}
step();
